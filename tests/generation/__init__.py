"""Support for the strategy-generation tests (``tests/test_generation_*.py``)."""
