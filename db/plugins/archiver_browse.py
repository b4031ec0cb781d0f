"""Datasette plugin: the fact-checker's view of the archive (archiver.browse.plugin).

The plugin lives in the package; this file makes `datasette --plugins-dir db/plugins`
(and so `archiver serve`) load it."""

from archiver.browse.plugin import (asgi_wrapper, extra_css_urls,  # noqa: F401
                                    extra_template_vars,
                                    prepare_connection, prepare_jinja2_environment,
                                    register_facet_classes,
                                    register_routes, render_cell)
