from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from index.errors import DocumentLoadError
from index.loaders import format_suffix, is_supported, load_document
from tests.conftest import FIXTURES, make_docx

DOCS = FIXTURES / "docs"


def test_text_keeps_the_file_characters() -> None:
    d = load_document(DOCS / "bridge.txt")
    assert d.text == (DOCS / "bridge.txt").read_text(encoding="utf-8")
    assert d.title == "The Halvard Bridge"
    assert len(d.doc_id) == 16 and d.page_at(0) is None


def test_markdown_title_from_heading() -> None:
    d = load_document(DOCS / "lighthouse.md")
    assert d.title == "Kestrel Point Lighthouse"
    assert "34 kilometres" in d.text


@pytest.mark.parametrize(("text", "title", "headings"), [
    # Jekyll, MkDocs, Docusaurus, Obsidian: YAML between "---" lines; its title names the file
    ("---\ntitle: Melby Ferry Guide\nauthor: Ann\n---\n\nThe ferry leaves at 7:10.\n\n## Tickets\n\nForty kroner.\n",
     "Melby Ferry Guide", ["Tickets"]),
    ('---\ntitle: "Tickets: prices"\n---\n\nForty kroner.\n', "Tickets: prices", []),  # quotes dropped; not a heading
    ("+++\ntitle = 'Hugo page'\ndate = 2024-01-02\n+++\n\n# Timetable\n", "Hugo page", ["Timetable"]),  # Hugo's TOML
    ("---\nlayout: post\n---\n\n# Real title\n\nText.\n", "Real title", ["Real title"]),  # no title in it
    ("---\nlayout: post\n---\nFirst line of text.\n", "First line of text.", []),  # nor a heading: the first line
    ("---\n\nProse between rules.\n\n---\n\n# Title\n", "Title", ["Title"]),  # rules around prose: no front matter
])
def test_markdown_front_matter_names_the_file_and_holds_no_headings(
        tmp_path: Path, text: str, title: str, headings: list[str]) -> None:
    (tmp_path / "page.md").write_text(text)
    d = load_document(tmp_path / "page.md")
    assert d.title == title
    assert [t for _, _, t in d.headings] == headings
    assert d.text == text  # the file's characters, front matter and all


def test_html_text_without_scripts_styles_or_handlers() -> None:
    d = load_document(DOCS / "orchard.html")
    assert d.title == "Brightwater Orchard"
    assert "grows 27 varieties of apple" in d.text
    assert "harvest festival is held there every October.\nEntry is free" in d.text
    for bad in ("alert", "tracking", "fetch", "steal", "color: red", "example.invalid"):
        assert bad not in d.text


def test_pdf_pages_map_offsets_to_page_numbers() -> None:
    d = load_document(DOCS / "cooperative.pdf")
    assert d.title == "Vestby Cooperative Annual Report"
    offset = d.text.index("1,240 members")
    assert d.page_at(offset) == 2
    assert d.page_at(d.text.index("grain mill")) == 1


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "f.docx", ["Heading", "Body text here."], table=[["Season", "Fare"], ["Summer", "12"]])
    d = load_document(path)
    assert "Body text here." in d.text and "Summer | 12" in d.text
    assert d.title == "Fixture DOCX"


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _xml(markup: str) -> object:
    from lxml import etree

    return etree.fromstring(f'<root xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
                            f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{markup}'
                            "</root>")[0]


def _p(text: str, style: str = "") -> str:
    pr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{pr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_docx_content_controls_and_text_boxes_are_read_a_table_of_contents_is_not(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("The ferry crossed the fjord 4,000 times this year.")
    body = d.element.body
    # a cover page's content control, as Word writes one: the title and the author inside it
    cover = _xml(f"<w:sdt><w:sdtPr/><w:sdtContent>{_p('Melby Annual Report', 'Title')}"
                 f"{_p('Prepared by Kari Nordmann, harbour master.')}</w:sdtContent></w:sdt>")
    body.insert(0, cover)
    toc = _xml('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
               f"<w:sdtContent>{_p('Contents')}{_p('Ferries ........ 2')}</w:sdtContent></w:sdt>")
    body.insert(1, toc)
    # a text box as Word 2010+ writes it: the shape, and the same box again as VML for older readers
    box = f"<w:txbxContent>{_p('An adult ticket costs 12 euros.')}</w:txbxContent>"
    anchor = d.add_paragraph("Ticket prices are listed below.")
    anchor._p.append(_xml(f"<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}"
                          f"</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}"
                          "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"))
    d.add_paragraph("Children travel free.")
    d.save(str(tmp_path / "report.docx"))
    doc = load_document(tmp_path / "report.docx")
    assert doc.text == ("Melby Annual Report\n\nPrepared by Kari Nordmann, harbour master.\n\n"
                        "The ferry crossed the fjord 4,000 times this year.\n\nTicket prices are listed below.\n\n"
                        "An adult ticket costs 12 euros.\n\nChildren travel free.")
    assert doc.headings[0] == (0, 1, "Melby Annual Report") and "Ferries" not in doc.text


def test_docx_footnotes_follow_the_paragraph_that_refers_to_them(tmp_path: Path) -> None:
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    d = docx.Document()
    first = d.add_paragraph("The ferry crossed the fjord 4,000 times this year.")
    first._p.append(_xml('<w:r><w:footnoteReference w:id="2"/></w:r>'))
    d.add_paragraph("Tickets were cheaper in winter.")
    notes = (f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1">{_p("----")}</w:footnote>'
             f'<w:footnote w:id="2">{_p("Counted by the harbour office, March 2026.")}</w:footnote>'
             f'<w:footnote w:id="3">{_p("A note nothing refers to.")}</w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes.encode(), d.part.package)
    d.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    d.save(str(tmp_path / "notes.docx"))
    assert load_document(tmp_path / "notes.docx").text == (
        "The ferry crossed the fjord 4,000 times this year.\n\nCounted by the harbour office, March 2026.\n\n"
        "Tickets were cheaper in winter.")


def test_docx_table_with_a_header_row_reads_row_by_row(tmp_path: Path) -> None:
    table = [["Season", "Fare", "Note"], ["Summer", "12 euros", "Busy."], ["Winter", "9 euros", ""]]
    d = load_document(make_docx(tmp_path / "f.docx", ["Fares."], table=table, header=True))
    assert d.text == "Fares.\n\nSeason Summer: Fare 12 euros, Note Busy.\n\nSeason Winter: Fare 9 euros."
    merged = make_docx(tmp_path / "m.docx", ["Fares."], table=table, header=True)
    import docx

    document = docx.Document(str(merged))
    document.tables[0].cell(1, 1).merge(document.tables[0].cell(1, 2))
    document.save(str(merged))
    assert "Season Summer" not in load_document(merged).text  # merged cells: rows of cells as before


def test_docx_table_with_a_bold_first_row_reads_row_by_row_and_a_bold_column_does_not(tmp_path: Path) -> None:
    import docx

    path = make_docx(tmp_path / "b.docx", ["Fares."], table=[["Season", "Fare"], ["Summer", "12 euros"]])
    document = docx.Document(str(path))
    for cell in document.tables[0].rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    document.save(str(path))
    assert load_document(path).text == "Fares.\n\nSeason Summer: Fare 12 euros."
    for row in document.tables[0].rows:  # a bold first column: labels, not a header row
        row.cells[1].paragraphs[0].runs[0].bold = False
    document.tables[0].rows[1].cells[0].paragraphs[0].runs[0].bold = True
    document.save(str(path))
    assert load_document(path).text == "Fares.\n\nSeason | Fare\n\nSummer | 12 euros"


LEGACY_TEXTS = [  # each in the code page Windows used for its language; every character must come back
    ("Le café est très réputé à Genève, dit-on, depuis longtemps déjà.", "cp1252"),  # charset-normalizer: Baltic
    ("Il était une fois une forêt où vivait un garçon très curieux.", "cp1252"),
    ("A informação está disponível na seção de ajuda. Não há solução fácil.", "cp1252"),
    ("Perché la città è così bella? Più di metà degli abitanti è d'accordo.", "cp1252"),
    ("Price: 5€ — “quoted” text.", "cp1252"),  # uchardet gives up on it: the Windows-1252 fallback
    ("café naïve résumé costs 5 euros in Paris.", "cp1252"),  # uchardet: IBM852, overruled
    ("Zażółć gęślą jaźń. Łódź to duże miasto w Polsce, a Kraków jest dawną stolicą.", "cp1250"),
    ("Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv.", "cp1250"),
    ("Все люди рождаются свободными и равными в своем достоинстве и правах.", "cp1251"),
    ("Все люди рождаются свободными и равными.", "cp866"),  # a DOS code page kept where it is no Western text
    ("Bütün insanlar hür, haysiyet ve haklar bakımından eşit doğarlar.", "cp1254"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY_TEXTS, ids=[f"{e}-{t[:12]}" for t, e in LEGACY_TEXTS])
def test_legacy_encoded_text_decodes_to_its_own_characters(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert load_document(path).text == text


def test_utf8_with_pasted_latin1_bytes_keeps_both(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("UTF-8 line: the naïve ferry.\n".encode() + "Déjà vu in Latin-1.".encode("latin-1"))
    assert load_document(path).text == "UTF-8 line: the naïve ferry.\nDéjà vu in Latin-1."


def test_html_is_decoded_as_its_meta_charset_declares(tmp_path: Path) -> None:
    path = tmp_path / "old.html"
    path.write_bytes('<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
                     '<title>Caf\xe9</title></head><body><p>The caf\xe9 sign says \x93open\x94.</p></body></html>'
                     .encode("latin-1"))
    d = load_document(path)  # ISO-8859-1 is read as Windows-1252, as browsers do (the quotes are 0x93/0x94)
    assert d.title == "Café" and "The café sign says “open”." in d.text
    path.write_bytes('<meta charset="windows-1250"><p>Łódź leży w Polsce.</p>'.encode("cp1250"))
    assert "Łódź leży w Polsce." in load_document(path).text


def test_html_in_utf8_under_an_old_declaration_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "saved.html"
    path.write_bytes('<meta charset="iso-8859-1"><p>Ærøskøbing café — “open”.</p>'.encode())
    assert "Ærøskøbing café — “open”." in load_document(path).text


def test_bytes_that_are_no_text_are_refused_with_advice(tmp_path: Path) -> None:
    import random

    path, rng = tmp_path / "noise.txt", random.Random(1)
    path.write_bytes(bytes(rng.randint(1, 255) for _ in range(500)))  # no NUL byte
    with pytest.raises(DocumentLoadError, match=r"noise\.txt: looks like a binary file, not text; remove it or give it"):
        load_document(path)


def test_crlf_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one line.\r\ntwo line.\r\n")
    assert load_document(path).text == "one line.\ntwo line.\n"


def write_encrypted_pdf(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(DOCS / "cooperative.pdf").pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    return path


BAD = [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("binary.txt", lambda p: p.write_bytes(bytes(range(256)) * 10), "binary"),
    ("binary.pdf", lambda p: p.write_bytes(bytes(range(256)) * 10), "malformed PDF"),
    ("truncated.pdf", lambda p: p.write_bytes((DOCS / "cooperative.pdf").read_bytes()[:300]), "malformed PDF|no text"),
    ("encrypted.pdf", write_encrypted_pdf, "encrypted"),
    ("binary.docx", lambda p: p.write_bytes(b"\x00\x01garbage" * 50), "not a valid .docx"),
    ("nodoc.docx", zip_without_document, "malformed DOCX"),
    ("spaces.md", lambda p: p.write_text("   \n\n\t  "), "no text found"),
    ("contents.html", lambda p: p.write_text('<html><body><nav><a href="a.html">A</a></nav><ul><li><a href="a.html">'
                                             'Alpha</a></li><li><a href="b.html">Beta</a></li><li><a href="c.html">'
                                             'Gamma</a></li></ul></body></html>'),
     "no text found in the file besides navigation, link lists and page furniture"),
    ("image.png", lambda p: p.write_bytes(b"\x89PNG"), "unsupported file type '.png'"),
]


@pytest.mark.parametrize(("name", "make", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_files_get_a_reason_that_names_the_file(tmp_path: Path, name: str, make, reason: str) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentLoadError, match=reason) as info:
        load_document(path)
    assert info.value.path == str(path)
    assert name in str(info.value)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    with pytest.raises(DocumentLoadError, match="too large"):
        load_document(big, max_bytes=1000)


@pytest.mark.parametrize(("name", "suffix"), [
    ("guide.md", ".md"), ("NEWS.md.gz", ".md"), ("notes.txt.GZ", ".txt"), ("manual.pdf.gz", ".pdf"),
    ("README", ".txt"), ("README.gz", ".txt"), ("README.Debian", ".txt"), ("changelog.Debian.amd64.gz", ".txt"),
    ("copyright", ".txt"), ("ChangeLog", ".txt"), ("COMPAT.gz", ".txt"), ("COPYING.LIB", ".txt"),
    ("History.600", ".txt"), ("CHANGES.html", ".html"), ("CMakeLists.txt", ".txt"), ("00README", ".txt"),
    ("ChangeLog-2013.gz", ".txt"), ("v2.38-ReleaseNotes.gz", ".txt"), ("libstemmer_c_README.gz", ".txt"),
    ("Apache-2.0", ".txt"), ("Artistic", ".txt"), ("GPL-3", ".txt"), ("MPL-2.0", ".txt"), ("CC0-1.0", ".txt"),
    ("INSTALL", ".txt"), ("install", None), ("history.db", None), ("todo-list", ".txt"),
    ("Makefile", None), ("configure", None), ("BUILD.bazel", None), ("NOTICE.json", None), ("archive.tar.gz", None),
    ("data.json.gz", None), ("x.gz", None), ("A", None), ("setup.py", None),
])
def test_the_format_comes_from_the_suffix_inside_a_gzip_or_a_documentation_file_s_name(
        name: str, suffix: str | None) -> None:
    assert format_suffix(Path("/docs") / name) == suffix
    assert is_supported(Path(name)) is (suffix is not None)


def test_a_gzip_compressed_file_reads_as_the_file_inside_it(tmp_path: Path) -> None:
    text = "# Ferry times\n\nThe Melby ferry leaves at 7:10 every morning.\n\n## Fares\n\nA ticket costs 4 krone.\n"
    plain = tmp_path / "ferry.md"
    plain.write_text(text, encoding="utf-8")
    packed = tmp_path / "ferry.md.gz"
    packed.write_bytes(gzip.compress(text.encode()))
    a, b = load_document(plain), load_document(packed)
    assert b.text == a.text == text and b.headings == a.headings and b.title == a.title == "Ferry times"
    assert b.source == str(packed)


def test_documentation_files_known_by_name_are_plain_text(tmp_path: Path) -> None:
    (tmp_path / "NEWS.gz").write_bytes(gzip.compress(b"This is a terse description of the new features.\n"))
    (tmp_path / "README.Debian").write_text("Bash Configuration for Debian\n=============================\n\nText.\n")
    news, readme = load_document(tmp_path / "NEWS.gz"), load_document(tmp_path / "README.Debian")
    assert news.text.startswith("This is a terse") and news.title == "This is a terse description of the new features."
    assert readme.title == "Bash Configuration for Debian" and readme.headings[0][2] == "Bash Configuration for Debian"
    (tmp_path / "RBASH").write_text("")  # no text: a documentation name is no reason to keep it
    with pytest.raises(DocumentLoadError, match="RBASH: empty file"):
        load_document(tmp_path / "RBASH")


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("notes.txt.gz", b"plain, not compressed", "not a readable gzip file"),
    ("notes.txt.gz", gzip.compress(b"The ferry leaves at 7:10.\n" * 100)[:-20], "not a readable gzip file"),
    ("notes.txt.gz", gzip.compress(b""), "empty once decompressed"),
    ("notes.txt.gz", gzip.compress(b"x" * 5000), r"too large once decompressed \(over the limit of 4,000 bytes\)"),
    ("README.gz", gzip.compress(bytes(range(256)) * 10), "looks like a binary file"),
    ("data.json.gz", gzip.compress(b"{}"), r"unsupported file type '\.gz'; supported: .*gzip-compressed"),
], ids=["not-gzip", "truncated", "empty", "bomb", "binary", "json"])
def test_a_bad_gzip_file_is_refused_with_a_reason_that_names_it(tmp_path: Path, name: str, data: bytes,
                                                                reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentLoadError, match=reason) as info:
        load_document(path, max_bytes=4000)
    assert info.value.path == str(path)
