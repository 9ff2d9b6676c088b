"""SRE page: sidebar -> cached report -> native elements, downloads and the share box."""

from finops_lib.ui import (
    get_report,
    render_downloads,
    render_report,
    render_share,
    render_sidebar,
)
from finops_lib.ui.boot import route_through_app

route_through_app()

MODE = "sre"

opts = render_sidebar(MODE)
if opts is not None:
    report = get_report(opts)
    if report is not None:
        render_report(report)
        render_downloads(report, opts)
    render_share(opts)
