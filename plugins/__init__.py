"""The guide's Pelican plugins, one package each (see each folder's README).

Settings name them by package, for example ``PLUGINS = ["plugins.citations"]``;
``pip install -e .`` (run by ./bootstrap) makes them importable.
"""
