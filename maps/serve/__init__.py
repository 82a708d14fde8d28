"""``conflictmap serve``: the review workspace as a local web application (Starlette on uvicorn)."""
