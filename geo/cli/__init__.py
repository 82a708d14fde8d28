"""The ``conflictmap`` command line. Commands load lazily so that ``--help`` stays light."""
