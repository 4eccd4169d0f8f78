"""`make bench`: load-tests Meridian on generated data (see docs/performance.md)."""
