"""The classroom's key gateway: learners call Mistral's API through it with their JupyterHub token; it holds
the instructor's key, counts each learner's tokens, and enforces their budget and request rate.

ledger.py keeps the accounts (SQLite), bounds.py says what a request may cost, app.py has the routes, and
`python -m mistral_course.gateway` serves it as a JupyterHub service (classroom/jupyterhub_config.py).
"""
