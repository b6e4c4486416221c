"""Tooling apart from the product: synthetic.py generates a synthetic archive (manage.py generate_archive);
benchmarking.py measures it (manage.py benchmark)."""
