"""Exporters: RDF (Turtle, N-Triples, JSON-LD), networkx/GraphML, HTML, CSV tables."""
