"""SRE page: every persona page is the same drawing, with its mode."""

from finops_lib.ui import persona_page

persona_page("sre")
