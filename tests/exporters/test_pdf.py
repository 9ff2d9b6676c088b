"""PDF packs and PNG screenshots through the real wkhtmltopdf/wkhtmltoimage, read back with
poppler (pdftotext, pdfinfo) and compared with the JSON export of the same report."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from finops_lib import cli
from finops_lib.dashboard import build_report
from finops_lib.errors import ExportError
from finops_lib.exporters import check_exports, render
from finops_lib.exporters import html as html_module
from finops_lib.exporters import pdf as pdf_export
from finops_lib.exporters.html import render_html
from finops_lib.options import MODES, resolve
from finops_lib.report import Column, Report, Table

AS_OF = "2026-11-26"
FIRST_TABLE = {"executive": "summary", "architect": "summary", "sre": "change_status"}
A4_POINTS = "595 x 842"
LETTER_POINTS = "612 x 792"

pytestmark = pytest.mark.skipif(
    not (shutil.which("wkhtmltopdf") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="needs wkhtmltopdf and poppler-utils (apt-get install wkhtmltopdf poppler-utils)")


# ------------------------------------------------------------------ helpers


def pdftotext(path: Path, layout: bool = True, page: int | None = None) -> str:
    """Text of a PDF (or of one page) as poppler reads it back."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    """pdfinfo's fields."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def money(value: float, signed: bool = False) -> str:
    """Dollars as a reader expects them, computed here rather than by finops_lib."""
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.2f}"


def cell(value: Any, kind: str) -> str:
    """A table cell as the pack should print it."""
    if value is None:
        return "—"
    if kind == "money":
        return money(value)
    if kind == "percent":
        return f"{value:+.1f}%"
    if kind == "share":
        return f"{value:.1f}%"
    if kind == "number" and isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def kpi_figures(kpi: dict[str, Any]) -> list[str]:
    """The strings a KPI card must show: its value and, when present, its change."""
    value, unit = kpi["value"], kpi["unit"]
    shown = money(value) if unit == "USD" else f"{value:.1f}%" if unit == "%" else str(value)
    out = [shown]
    if kpi["delta"] is not None:
        out.append(money(kpi["delta"], signed=True))
    if kpi["delta_pct"] is not None:
        out.append(f"{kpi['delta_pct']:+.1f}%")
    return out


def in_order(line: str, tokens: list[str]) -> bool:
    """True when every token occurs in `line`, left to right."""
    at = 0
    for token in tokens:
        found = line.find(token, at)
        if found < 0:
            return False
        at = found + len(token)
    return True


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def bare(text: str) -> str:
    """Text without spaces and hyphens, upper case: pdftotext joins a line that ends in a
    hyphen to the next, and labels print in small capitals."""
    return re.sub(r"[\s\-]", "", text).upper()


# ------------------------------------------------------------------ fixtures


class Pack:
    """One persona's report, its JSON export and its PDF read back."""

    def __init__(self, report: Report, folder: Path) -> None:
        self.report = report
        self.json = json.loads(render(report, "json")[0][1])
        name, data = render(report, "pdf")[0]
        self.path = folder / name
        self.path.write_bytes(data)
        self.text = pdftotext(self.path)
        self.raw = squash(pdftotext(self.path, layout=False))
        self.info = pdfinfo(self.path)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    folder = tmp_path_factory.mktemp("packs")
    return {mode: Pack(build_report(resolve(mode, {"as_of": AS_OF})), folder) for mode in MODES}


# ------------------------------------------------------------------ content


@pytest.mark.parametrize("mode", MODES)
def test_every_kpi_figure_equals_the_json_export(packs: dict[str, Pack], mode: str) -> None:
    pack = packs[mode]
    assert pack.json["kpis"], "the persona has headline figures"
    for kpi in pack.json["kpis"]:
        assert bare(kpi["label"]) in bare(pack.raw), kpi["label"]
        for figure in kpi_figures(kpi):
            assert bare(figure) in bare(pack.raw), (kpi["key"], figure)
    numeric = [k for k in pack.json["kpis"] if k["unit"] == "USD"]
    assert money(numeric[0]["value"]) in pack.text  # short figures stay on one line in -layout


@pytest.mark.parametrize("mode", MODES)
def test_first_table_rows_equal_the_json_export(packs: dict[str, Pack], mode: str) -> None:
    pack = packs[mode]
    table = pack.json["tables"][FIRST_TABLE[mode]]
    lines = pack.text.splitlines()
    assert len(table["rows"]) >= 3
    for row in table["rows"][:3]:
        tokens = []
        for col in table["columns"]:
            if col["kind"] == "spark":
                continue
            text = cell(row.get(col["key"]), col["kind"])
            # Text may wrap inside its cell; its first word is on the row's first line.
            tokens.append(text.split()[0] if col["kind"] == "text" and text.split() else text)
        assert any(in_order(line, tokens) for line in lines), (mode, tokens)
    assert squash(table["title"]) in pack.raw


@pytest.mark.parametrize("mode", MODES)
def test_every_account_id_and_ou_prints_intact(packs: dict[str, Pack], mode: str) -> None:
    # An id broken over two lines (2222222222 / 22) can't be read, searched or pasted.
    pack = packs[mode]
    words = set(pack.text.split())
    seen = 0
    for table in pack.json["tables"].values():
        for row in table["rows"]:
            for key in ("account_id", "account", "ou"):
                value = str(row.get(key) or "")
                if value and " " not in value and key in {c["key"] for c in table["columns"]}:
                    seen += 1
                    assert value in words, (mode, table["title"], key, value)
    assert seen >= 5, mode


def test_the_fonts_the_pack_names_first_are_installed_by_the_set_up() -> None:
    template = (Path(pdf_export.__file__).parents[1] / "templates" / "report.html.j2").read_text()
    first = re.search(r'body \{ font-family: "([^"]+)"', template)
    assert first and first.group(1) == html_module.PDF_FONT
    found = subprocess.run(["fc-list", f"{first.group(1)}:style=Regular", "file"],
                           capture_output=True, text=True, check=True).stdout
    assert found.strip(), f"{first.group(1)} is not installed: run make system-deps-test"
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    packages = re.search(r"^FONT_PACKAGES := (.+)$", makefile, re.M)
    assert packages and "fonts-liberation2" in packages.group(1).split()
    for target in ("system-deps-run:", "system-deps-test:"):
        assert "$(FONT_PACKAGES)" in makefile.split(target)[1].split("\n\n")[0], target


def test_cover_block_names_scope_periods_metric_source_and_validation(packs: dict[str, Pack]) -> None:
    pack = packs["executive"]
    periods = pack.json["periods"]
    for text in (pack.json["scope"]["label"], periods["current"]["label"],
                 periods["previous"]["label"], f"As of {periods['as_of']}", "unblended",
                 pack.json["source"], pack.json["validation"]["badge"]):
        assert bare(text) in bare(pack.raw), text
    for account in pack.json["scope"]["accounts"]:
        assert account["id"] in pack.raw
    assert f"Generated at {pack.report.generated_at:%Y-%m-%d %H:%M:%S} UTC" in pack.raw


def test_validation_badge_shows_the_agreement_percentage(tmp_path: Path) -> None:
    report = build_report(resolve("architect", {"as_of": AS_OF, "validation_level": "mcp"}))
    assert report.validation is not None and report.validation.agreement_pct is not None
    pack = Pack(report, tmp_path)
    assert f"{report.validation.agreement_pct:.2f}% agreement" in pack.raw


def test_sre_pack_has_the_anomaly_table_with_recommended_actions(packs: dict[str, Pack]) -> None:
    pack = packs["sre"]
    spikes = [r for r in pack.json["tables"]["change_status"]["rows"] if r["status"] == "SPIKE"]
    assert spikes
    assert bare("Recommended action") in bare(pack.raw)
    for row in spikes:
        assert squash(row["action"]) in pack.raw


def test_executive_pack_has_the_activity_summary_and_tables(packs: dict[str, Pack]) -> None:
    pack = packs["executive"]
    if not pack.json["summary_lines"]:
        pytest.skip("activity analysis produced nothing in this build")
    for line in pack.json["summary_lines"]:
        assert squash(line) in pack.raw
    for key in ("activity_resources",):
        if key in pack.json["tables"]:
            assert squash(pack.json["tables"][key]["title"]) in pack.raw
    if "activity" in pack.json["trees"]:
        assert squash(pack.json["trees"]["activity"]["title"]) in pack.raw


def test_charts_are_drawn_from_the_app_specs_and_embedded_inline(packs: dict[str, Pack]) -> None:
    for mode, pack in packs.items():
        assert pack.json["charts"], mode
        page = render_html(pack.report)
        assert page.count('src="data:image/svg+xml;base64,') >= len(pack.json["charts"])
        assert not re.search(r'src="(?!data:)', page), "the page loads nothing from outside"
        for chart in pack.json["charts"].values():
            # wkhtmltopdf keeps SVG text as text: each chart's own title is in the PDF.
            assert squash(chart["title"]) in pack.raw, (mode, chart["title"])


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("mode", MODES)
def test_page_count_and_size_are_sane(packs: dict[str, Pack], mode: str) -> None:
    info = packs[mode].info
    assert 1 <= int(info["Pages"]) <= 15
    assert info["Page size"].startswith(A4_POINTS)
    # Debian's unpatched Qt ignores --title; a patched wkhtmltopdf sets it.
    assert info.get("Title", "") in ("", packs[mode].report.title)


def test_letter_page_size_is_an_option(tmp_path: Path) -> None:
    report = build_report(resolve("sre", {"as_of": AS_OF, "page_size": "letter"}))
    assert Pack(report, tmp_path).info["Page size"].startswith(LETTER_POINTS)


def long_report(rows: int) -> Report:
    base = build_report(resolve("architect", {"as_of": AS_OF}))
    columns = (Column("name", "Name"), Column("note", "Note"), Column("current", "Current", "money"),
               Column("change_pct", "Change %", "percent"), Column("status", "Status", "status"))
    body = tuple({"name": f"row-{i:03d}", "note": "word " * (i % 7 * 6),
                  "current": 1000 + i + 0.25, "change_pct": i / 10, "status": "NORMAL"}
                 for i in range(rows))
    table = Table("long", "Long table", columns, body, note="end of the long table")
    return replace(base, tables=(table,), trees=(), charts=(), checks=())


def test_long_tables_break_between_rows_with_headers_on_every_page(tmp_path: Path) -> None:
    rows = 160
    pack = Pack(long_report(rows), tmp_path)
    pages = int(pack.info["Pages"])
    assert pages >= 3
    seen: dict[str, int] = {}
    with_rows = []
    for page in range(1, pages + 1):
        text = pdftotext(pack.path, page=page)
        names = re.findall(r"row-\d{3}", text)
        if not names:
            continue
        with_rows.append(text)
        head = text.index(names[0])
        assert "Long table" in text[:head] and re.search(r"NAME\s+NOTE\s+CURRENT", text[:head]), page
        for line in text.splitlines():
            for name in re.findall(r"row-\d{3}", line):
                i = int(name[4:])
                seen[name] = seen.get(name, 0) + 1
                # The row's figures print on its first line: the row was not split.
                assert in_order(line, [name, money(1000 + i + 0.25), f"{i / 10:+.1f}%", "NORMAL"])
    assert len(seen) == rows and set(seen.values()) == {1}
    assert len(with_rows) >= 3
    assert "(continued)" not in with_rows[0] and all("(continued)" in t for t in with_rows[1:])
    assert "end of the long table" in with_rows[-1]  # the note stays with the last rows


FOOTER = re.compile(r"^(Generated at .*|finops_lib.*|python -m finops_lib .*|--\S.*)$")


def pages_text(path: Path) -> list[str]:
    """Each page's text."""
    return pdftotext(path, layout=False).split("\f")[:-1]


def footer_only(page: str) -> bool:
    """True when a page holds nothing but the closing "Generated at" footer."""
    lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
    return bool(lines) and all(FOOTER.match(ln) for ln in lines)


@pytest.mark.parametrize("mode", MODES)
def test_no_page_holds_only_the_footer(packs: dict[str, Pack], mode: str) -> None:
    pages = pages_text(packs[mode].path)
    assert len(pages) == int(packs[mode].info["Pages"])
    assert "Generated at" in pages[-1]
    assert not any(footer_only(page) for page in pages), mode


def test_footer_travels_with_the_last_table_when_nothing_follows_it(tmp_path: Path) -> None:
    report = replace(long_report(60), validation=None)
    pages = pages_text(Pack(report, tmp_path).path)
    assert "Generated at" in pages[-1] and re.search(r"row-\d{3}", pages[-1])
    assert not any(footer_only(page) for page in pages)


def test_executive_pack_is_the_cfo_summary_with_detail_in_an_appendix(
        packs: dict[str, Pack]) -> None:
    pack = packs["executive"]
    tables = pack.json["tables"]
    order = [pack.raw.index(text) for text in (
        "Key figures", tables["summary"]["title"], tables["movers"]["title"],
        tables["accounts"]["title"], "Appendix: detail tables")]
    assert order == sorted(order)
    appendix = pack.raw.index("Appendix: detail tables")
    for key in ("services", "activity_resources"):
        if key in tables:
            assert pack.raw.index(tables[key]["title"] + " ") > appendix, key
    # the forecast is a headline figure, on the first page
    assert "forecast" in pages_text(pack.path)[0].lower()


def test_top_movers_are_the_largest_changes_either_way(packs: dict[str, Pack]) -> None:
    tables = packs["executive"].json["tables"]
    services = [r for r in tables["services"]["rows"] if not r["service"].startswith("Others (")]
    expected = sorted(services, key=lambda r: -abs(r["change"]))[:5]
    assert [r["service"] for r in tables["movers"]["rows"]] == [r["service"] for r in expected]
    assert any(r["change"] < 0 for r in expected)  # a drop counts as a mover too


# ------------------------------------------------------------------ screenshot


def test_screenshot_is_a_png_of_plausible_size(packs: dict[str, Pack]) -> None:
    name, data = render(packs["sre"].report, "png")[0]
    assert name.endswith(".png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width == pdf_export.SCREENSHOT_WIDTH_PX
    assert 1000 < height < 40000
    assert len(data) > 50_000


def test_cli_writes_the_pdf_and_the_screenshot(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "finops_lib", "dashboard", "--mode", "sre",
                           "--as-of", AS_OF, "--export", "pdf", "--screenshot",
                           "--output-dir", str(tmp_path)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    pdfs, pngs = list(tmp_path.glob("*.pdf")), list(tmp_path.glob("*.png"))
    assert len(pdfs) == 1 and len(pngs) == 1
    assert pdfs[0].stem == pngs[0].stem
    assert pdfs[0].read_bytes()[:5] == b"%PDF-" and pngs[0].read_bytes()[:4] == b"\x89PNG"
    assert "SRE cost change review" in pdftotext(pdfs[0])


# ------------------------------------------------------------------ safety


def test_converters_run_without_javascript_or_local_files() -> None:
    options = pdf_export.pdf_options("a4", "t")
    args = pdf_export.wkhtmltoimage_args("/usr/bin/wkhtmltoimage")
    for flag in ("--disable-javascript", "--disable-local-file-access", "--quiet"):
        assert flag in options and flag in args
    assert options["--page-size"] == "A4" and pdf_export.pdf_options("letter", "t")["--page-size"] == "Letter"


def test_javascript_in_a_page_does_not_run(tmp_path: Path) -> None:
    html = "<html><body><p>before</p><script>document.write('SCRIPT RAN')</script></body></html>"
    path = tmp_path / "js.pdf"
    path.write_bytes(pdf_export.pdf_bytes(html))
    text = pdftotext(path)
    assert "before" in text and "SCRIPT RAN" not in text


def test_a_page_cannot_read_local_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<p>LOCAL SECRET</p>")
    html = f'<html><body><p>x</p><iframe src="file://{secret}"></iframe></body></html>'
    with pytest.raises(ExportError, match="wkhtmltopdf failed"):
        pdf_export.pdf_bytes(html)


def test_pdfkit_meta_tags_in_a_page_cannot_change_options(tmp_path: Path) -> None:
    html = ('<html><head><meta name="pdfkit-orientation" content="Landscape">'
            '<meta name="pdfkit-page-size" content="A3"></head><body>x</body></html>')
    path = tmp_path / "meta.pdf"
    path.write_bytes(pdf_export.pdf_bytes(html, "a4"))
    assert pdfinfo(path)["Page size"].startswith(A4_POINTS)


# ------------------------------------------------------------------ missing wkhtmltopdf


def test_without_wkhtmltopdf_pdf_fails_up_front_and_other_formats_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    reason = pdf_export.unavailable()
    assert reason is not None and "\n" not in reason and "sudo apt-get install wkhtmltopdf" in reason
    assert pdf_export.png_unavailable() is not None
    with pytest.raises(ExportError, match="apt-get install wkhtmltopdf"):
        check_exports(["json", "pdf"], None)

    def no_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the report was built before the export check")

    monkeypatch.setattr("finops_lib.dashboard.build_report", no_build)
    out = tmp_path / "out"
    status = cli.main(["dashboard", "--mode", "executive", "--as-of", AS_OF, "--export", "pdf",
                       "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "apt-get install wkhtmltopdf" in err
    assert not out.exists() or not any(out.iterdir())
    monkeypatch.undo()
    monkeypatch.setenv("PATH", str(empty))
    status = cli.main(["dashboard", "--mode", "executive", "--as-of", AS_OF,
                       "--export", "csv,json,markdown", "--output-dir", str(out)])
    assert status == 0
    assert {p.suffix for p in out.iterdir()} == {".csv", ".json", ".md"}
