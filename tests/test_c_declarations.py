"""A C library's reference heads each function's section with its name and writes its prototype
first, what it does after (expat's "XML_ParserFree", "void XMLCALL XML_ParserFree(XML_Parser p);",
"Free memory used by the parser."). Asked what the function does, the answer is what it does, past
the prototype (``qa.declarations.declaration``, read by ``qa.list_items.named_section`` and
``qa.section_heads.opening_sentence``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.documents import Document
from qa.answers import Answer
from qa.declarations import signature_call
from qa.list_items import ITEM_CONFIDENCE, asked_thing
from qa.named import asked_names
from qa.section_heads import DEFINED_CONFIDENCE, in_declaration, opening_sentence, term_answers
from tests.test_manual_sections import ask_one, headed_document

REFERENCE = ("Frob Reference\n\n"
             "frob_create\n\nfrob_t * FROBCALL\nfrob_create(const char *name);\n\n"
             "Construct a new frob named name. Returns NULL when memory runs out.\n\n"
             "frob_free\n\n/* Added in Frob 2.1. */\nvoid FROBCALL\nfrob_free(frob_t *f);\n\n"
             "Free memory used by the frob. Your application frees its own user data.\n\n"
             "frob_stream\n\ntypedef struct {\n  char *next_in;\n  void *state;\n} frob_stream;\n\n"
             "frob_none\n\nint FROBCALL\nfrob_none(frob_t *f);\n")
FREE = "Free memory used by the frob. Your application frees its own user data."


def _reference() -> Document:
    return headed_document(REFERENCE, "frob/reference.html",
                           ["Frob Reference", "frob_create", "frob_free", "frob_stream", "frob_none"])


def _ask(question: str) -> Answer:
    return ask_one(_reference(), question)


@pytest.mark.parametrize("question", ["What does frob_free do?", "What is frob_free?", "What does the frob_free function do?"])
def test_a_function_s_section_answers_past_its_prototype(question: str) -> None:
    answer = _ask(question)
    assert answer.confidence == ITEM_CONFIDENCE and [c.text for c in answer.citations] == [FREE]


def test_a_function_asked_as_a_call_is_defined_past_its_prototype() -> None:
    """The fake reader picks the prototype (it writes the name asked); the section's first
    sentence of prose is cited instead, as a manual defines the call."""
    answer = _ask("What does frob_free() do?")
    assert answer.confidence == DEFINED_CONFIDENCE
    assert [c.text for c in answer.citations] == ["Free memory used by the frob."]  # (the prototype not at all)
    document = _reference()
    prototype = REFERENCE.index("void FROBCALL")
    assert in_declaration(document, prototype) and not in_declaration(document, REFERENCE.index(FREE))
    assert REFERENCE[slice(*opening_sentence(document, prototype))] == "Free memory used by the frob."  # type: ignore[misc]


def test_a_section_of_declarations_alone_is_not_cited_as_what_the_function_does() -> None:
    assert opening_sentence(_reference(), REFERENCE.index("int FROBCALL")) is None
    for question in ("What is frob_none?", "What is frob_stream?"):
        answer = _ask(question)
        assert not any(c.text.startswith(("int FROBCALL", "typedef")) and answer.confidence == ITEM_CONFIDENCE
                       for c in answer.citations)


def test_the_function_kind_is_left_out_of_the_thing_asked() -> None:
    assert asked_thing("What does the frob_free function do?") == asked_thing("What does frob_free do?") == {"frob_free"}
    assert asked_thing("What is a function?") is None  # (a kind alone)


HTML = ("<html><head><title>Frob Reference</title></head><body><h1>Frob Reference</h1>\n"
        "<h4 id='frob_create'>frob_create</h4>\n<pre class='fcndec'>\nfrob_t * FROBCALL\nfrob_create(const char *name);\n</pre>\n"
        "<div class='fcndef'>Construct a new frob named name. Returns NULL when memory runs out.</div>\n"
        "<h4 id='frob_free'>frob_free</h4>\n<pre class='fcndec'>\nvoid FROBCALL\nfrob_free(frob_t *f);\n</pre>\n"
        "<div class='fcndef'>Free memory used by the frob. Your application frees its own user data.</div>\n"
        "</body></html>\n")


@pytest.mark.parametrize(("question", "first"), [
    ("What does frob_free do?", "Free memory used by the frob."),
    ("What does frob_create() do?", "Construct a new frob named name."),
    ("What is frob_create?", "Construct a new frob named name."),
])
def test_an_html_reference_indexed_and_asked_cites_what_the_function_does(tmp_path: Path, question: str, first: str) -> None:
    """The page as a user indexes it (its <pre> prototype and the <div> after it), asked with the
    shipped reader."""
    from qa import DocumentQA
    from tests.conftest import CountingEmbedder

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "frob-reference.html").write_text(HTML)
    bot = DocumentQA.build([docs], tmp_path / "store", embedder=CountingEmbedder())
    try:
        answer = bot.ask(question)
        assert not answer.abstained and answer.citations[0].text.startswith(first)
    finally:
        bot.close()


CAPI = ("List Objects\n\n"
        "PyObject *PyList_New(Py_ssize_t len)\n\nReturn value: New reference. Part of the Stable ABI.\n\n"
        "Return a new list of length len on success, or NULL on failure.\n\nNote that PyList_New does not set items.\n\n"
        "int PyList_Set(PyObject *list, PyObject *item)\n\nPart of the Stable ABI on platforms with fork() since version 3.7.\n\n"
        "Set the item with error checking.\n\n"
        "void PyList_SET(PyObject *list, PyObject *item)\n\nSet the item without error checking.\n")


def _capi() -> Document:
    return headed_document(CAPI, "c-api/list.html", ["List Objects", "PyObject *PyList_New(Py_ssize_t len)",
                                                      "int PyList_Set(PyObject *list, PyObject *item)",
                                                      "void PyList_SET(PyObject *list, PyObject *item)"])


def _ask_capi(question: str) -> Answer:
    return ask_one(_capi(), question)


@pytest.mark.parametrize(("question", "cited"), [
    ("What does PyList_New do?", "Return a new list of length len on success, or NULL on failure."),  # (past its notes)
    ("What is PyList_New?", "Return a new list of length len on success, or NULL on failure."),
    ("What does the PyList_Set function do?", "Set the item with error checking."),  # (as written: not PyList_SET's)
    ("What does PyList_SET do?", "Set the item without error checking."),
    ("What does PyList_New return?", "Return a new list of length len on success, or NULL on failure."),  # (not its notes)
])
def test_a_function_headed_by_its_c_signature_is_answered_past_its_notes(question: str, cited: str) -> None:
    answer = _ask_capi(question)
    assert answer.confidence == ITEM_CONFIDENCE and [c.text for c in answer.citations] == [cited]


def test_a_c_signature_s_call_is_defined_past_its_notes() -> None:
    """The fake reader picks the note after the definition (it writes the name asked); the
    section's first sentence past the function's notes is cited before it."""
    answer = _ask_capi("What does PyList_New() do?")
    assert answer.confidence == DEFINED_CONFIDENCE
    assert answer.citations[0].text == "Return a new list of length len on success, or NULL on failure."
    assert in_declaration(_capi(), CAPI.index("Return value:")) and not in_declaration(_capi(), CAPI.index("Return a new"))


@pytest.mark.parametrize(("title", "call"), [
    ("PyObject *PyList_New(Py_ssize_t len)", "PyList_New(Py_ssize_t len)"),
    ("const char *PyUnicode_AsUTF8(PyObject *unicode)", "PyUnicode_AsUTF8(PyObject *unicode)"),
    ("int PyList_Check(PyObject *p)", "PyList_Check(PyObject *p)"),
    ("3.4.6. BZ2_bzWrite", "BZ2_bzWrite"),  # (a numbered name)
    ("class int(x=0)", "class int(x=0)"), ("classmethod dict.fromkeys(iterable[, value])",
                                           "classmethod dict.fromkeys(iterable[, value])"),  # (Python's: as they are)
    ("sorted(iterable, /, *, key=None)", "sorted(iterable, /, *, key=None)"), ("1.2 The Format String", "1.2 The Format String"),
    ("Function: void sha256_init (struct sha256_ctx *ctx)", "sha256_init(struct sha256_ctx *ctx)"),  # (a GNU manual's)
    ("Macro: CBC_ENCRYPT (ctx, f, length, dst, src)", "CBC_ENCRYPT(ctx, f, length, dst, src)"),
    ("Constant: SHA256_DIGEST_SIZE", "SHA256_DIGEST_SIZE"), ("Context struct: struct sha256_ctx", "struct sha256_ctx"),
    ("Note: frob_init", "Note: frob_init"),  # (no category of a definition)
])
def test_a_heading_s_call_is_read_from_the_c_function_s_name(title: str, call: str) -> None:
    assert signature_call(title) == call


def test_a_kind_after_the_thing_names_no_document() -> None:
    """Python's C API reference has a page ``function.html``: "the PyBool_FromLong function" does
    not name it (the answer was asked again over its passages, and refused)."""
    assert "function" not in asked_names("What does the PyBool_FromLong function do?")
    assert "option" not in asked_names("What does the --keep option of gzip do?") and "gzip" in asked_names(
        "What does the --keep option of gzip do?")
    assert "function" in asked_names("What is the function module?")  # (after an article: a name)


NETTLE = ("Nettle Manual\n\n"
          "7.2.1 AES\n\nAES is a block cipher.\n\n"
          "Function: void aes128_set_encrypt_key (struct aes128_ctx *ctx, const uint8_t *key)\n\n"
          "Function: void aes256_set_encrypt_key (struct aes256_ctx *ctx, const uint8_t *key)\n\n"
          "Initialize the cipher, for encryption or decryption, respectively.\n\n"
          "Function: void aes256_encrypt (struct aes256_ctx *ctx, size_t length, uint8_t *dst)\n\n"
          "Encryption function. The length aes256_encrypt takes must be a multiple of the block size.\n\n"
          "7.6.1 Macros\n\nMacro: PBKDF2 (ctx, update, digest, digest_size, iterations)\n\n"
          "ctx is a pointer to a context struct.\n\n"
          "7.6.2 PBKDF2\n\nThe most well known PBKDF is the PKCS #5 PBKDF2.\n")
NETTLE_HEADS = ["Nettle Manual", "7.2.1 AES",
                "Function: void aes128_set_encrypt_key (struct aes128_ctx *ctx, const uint8_t *key)",
                "Function: void aes256_set_encrypt_key (struct aes256_ctx *ctx, const uint8_t *key)",
                "Function: void aes256_encrypt (struct aes256_ctx *ctx, size_t length, uint8_t *dst)",
                "7.6.1 Macros", "Macro: PBKDF2 (ctx, update, digest, digest_size, iterations)", "7.6.2 PBKDF2"]


def _nettle() -> Document:
    """A GNU manual's definition lines (Texinfo's, as nettle's HTML manual writes them: terms of
    its definition lists, two stacked over the paragraph they share)."""
    return headed_document(NETTLE, "nettle/nettle.html", NETTLE_HEADS)


@pytest.mark.parametrize(("question", "cited", "confidence"), [
    ("What does aes256_set_encrypt_key do?", "Initialize the cipher, for encryption or decryption, respectively.",
     ITEM_CONFIDENCE),  # (stacked over the paragraph of the last)
    ("What does the aes256_encrypt function do?",
     "Encryption function. The length aes256_encrypt takes must be a multiple of the block size.", ITEM_CONFIDENCE),
    ("What does aes256_encrypt() do?", "Encryption function.", DEFINED_CONFIDENCE),  # (the fake reader picks the second)
    ("What is pbkdf2?", "The most well known PBKDF is the PKCS #5 PBKDF2.", ITEM_CONFIDENCE),  # (the section, not the macro
    # written before it: a name heads before a definition line)
])
def test_a_gnu_manual_s_definition_line_heads_the_function_s_section(question: str, cited: str, confidence: float) -> None:
    answer = ask_one(_nettle(), question)
    assert answer.confidence == confidence and answer.citations[0].text == cited


def test_a_gnu_manual_s_definition_line_defines_its_call() -> None:
    """Nettle's manual heads each function with "Function: void md5_update (struct md5_ctx *ctx,
    ...)": the reader's best sentence for "What does md5_update() do?" was hmac_md5_update's
    "Process some more data."; the candidates under md5_update's own line are the answers."""
    heads = ["Function: void hmac_md5_update (struct hmac_md5_ctx *ctx, size_t length, const uint8_t *data)",
             "Function: void md5_update (struct md5_ctx *ctx, size_t length, const uint8_t *data)"]
    text = f"MD5\n\n{heads[0]}\n\nProcess some more data.\n\n{heads[1]}\n\nHash some more data.\n"
    document = Document("n", "nettle/nettle.html", "Nettle", text, (),
                        ((0, 1, "MD5"), (text.index(heads[0]), 2, heads[0]), (text.index(heads[1]), 2, heads[1])))
    found = [(document, text.index("Process"), "Process some more data."), (document, text.index("Hash"), "Hash some more data.")]
    assert term_answers("What does md5_update() do?", found) == [False, True]
    assert term_answers("What does hmac_md5_update() do?", found) == [True, False]
