"""The benchmark harness (``make bench``): see docs/PERFORMANCE.md."""
