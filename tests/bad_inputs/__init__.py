"""The bad-input corpus: see cases.toml and make_corpus.py."""
