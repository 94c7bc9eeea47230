"""Education Partners: load, validate and generate the bilingual case archive."""
