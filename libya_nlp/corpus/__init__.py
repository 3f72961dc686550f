"""The annotated corpus: record format, validation, loading and format conversions."""
