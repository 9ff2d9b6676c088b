"""Time to produce each persona's PDF pack (and PNG screenshot) on demo data.

Target: ≤ 3 s per persona PDF on demo data. For each persona the report is built once, then
the PDF is rendered `--repeat` times; the first render of the process pays vl-convert's start-up
(the chart engine), so the cold figure is printed apart from the warm median. Stages: charts
(altair → SVG), HTML (template), wkhtmltopdf, plus the screenshot through wkhtmltoimage.

Run: .venv/bin/python bench/pdf_export.py [--repeat 3] [--page-size a4|letter]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere
from finops_lib.dashboard import build_report
from finops_lib.exporters import html as html_module
from finops_lib.exporters import render
from finops_lib.exporters.pdf import pdf_bytes, png_bytes
from finops_lib.options import MODES, resolve

AS_OF = "2026-11-26"
TARGET_S = 3.0


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def pages(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")), "?")


def bench(mode: str, repeat: int, page_size: str) -> dict[str, Any]:
    report = build_report(resolve(mode, {"as_of": AS_OF, "page_size": page_size}))
    runs = []
    for _ in range(repeat):
        html_module._DRAWN.clear()  # each run draws its charts, as a fresh export would
        seconds, files = timed(lambda: render(report, "pdf"))
        runs.append(seconds)
    data = files[0][1]
    html_module._DRAWN.clear()
    charts_s, charts = timed(lambda: html_module.chart_images(report))
    html_s, page = timed(lambda: html_module.render_html(report, charts))
    convert_s, _ = timed(lambda: pdf_bytes(page, page_size))
    png_s, png = timed(lambda: png_bytes(html_module.render_html(report, charts, paginate=False)))
    return {"mode": mode, "cold": runs[0], "warm": statistics.median(runs[1:] or runs),
            "charts": charts_s, "html": html_s, "wkhtmltopdf": convert_s, "png": png_s,
            "pages": pages(data), "kb": len(data) / 1024, "png_kb": len(png) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--page-size", default="a4", choices=("a4", "letter"))
    args = parser.parse_args()
    print(f"PDF pack per persona, demo data as of {AS_OF}, {args.page_size}, "
          f"{args.repeat} runs (target ≤ {TARGET_S:.0f} s)")
    print(f"{'persona':<10} {'first s':>8} {'median s':>9} {'charts s':>9} {'html s':>7} "
          f"{'wkhtml s':>9} {'png s':>6} {'pages':>6} {'PDF KB':>7} {'PNG KB':>7}  verdict")
    for mode in MODES:
        r = bench(mode, args.repeat, args.page_size)
        verdict = "ok" if max(r["cold"], r["warm"]) <= TARGET_S else "OVER TARGET"
        print(f"{mode:<10} {r['cold']:>8.2f} {r['warm']:>9.2f} {r['charts']:>9.2f} "
              f"{r['html']:>7.3f} {r['wkhtmltopdf']:>9.2f} {r['png']:>6.2f} {r['pages']:>6} "
              f"{r['kb']:>7.0f} {r['png_kb']:>7.0f}  {verdict}")


if __name__ == "__main__":
    main()
