"""dangjian-kg: a knowledge graph of Chinese news about grassroots Party building.

Pipeline: :func:`kg.sources.read_sources` -> :func:`kg.pipeline.extract_page` (per page, pure)
-> :func:`kg.merge.merge_pages` -> exporters in :mod:`kg.export`.
"""

__version__ = "0.1.0"
