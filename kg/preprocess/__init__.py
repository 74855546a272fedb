"""String-to-string preprocessing: cleaning and OCR layout repair."""
