"""Emergency screen: a pure function run on every citizen message (see docs/emergency-signs.md).

Use `screen(text)`; the sign table is `signs.yml` in this package, compiled at first use.
"""
