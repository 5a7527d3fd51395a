"""The machinery behind the course's notebooks. Learners start with `notebooks/helper.py`."""
