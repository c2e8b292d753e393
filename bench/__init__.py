"""Benchmarks: ``python -m bench NAME`` (or ``all``). See ``bench/common.py``."""
