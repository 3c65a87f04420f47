"""The DuckDB claim store: migrations, typed helpers, similarity, contradictions, exports."""
