"""C as a library's reference writes it: a function's prototype or a type's declaration, a block
of its own under the function's heading (expat's "XML_ParserFree", then "void XMLCALL
XML_ParserFree(XML_Parser p);", then "Free memory used by the parser."), and a heading that is a
function's signature (Python's C API reference: "PyObject *PyList_New(Py_ssize_t len)"). Neither
says what the function does; the rules that cite a function's section read past them."""

from __future__ import annotations

import re

# how a C declaration opens: a type's keyword, or a type (a C type's word, or a name written with "_" or in capitals:
# "XML_Bool", "BZFILE"), words (a calling convention: "XMLCALL") and then a name and "("
_C_TYPE = r"(?:void|int|char|short|long|unsigned|signed|float|double|const|static|inline|bool|\w*_\w*|[A-Z][A-Z0-9]+)\b"
_DECLARES = re.compile(rf"(?:typedef|struct|union|enum|extern|#[ \t]*define)\b|{_C_TYPE}(?:(?:\s*\*+\s*|\s+)[A-Za-z_]\w*)+\s*\(")
_DECLARED = re.compile(r"(?:\)[\w \t]*|\}[\w\s*,]*);\Z")  # how it ends: ");", "} bz_stream;"
_C_COMMENTS = re.compile(r"\A(?:\s*(?:/\*[\s\S]*?\*/|//[^\n]*))+\s*")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
# a GNU manual's definition line (Texinfo's @deftypefun and kin) opens with its category: "Function: void sha256_digest (...)",
# "Constant: SHA256_DIGEST_SIZE", "Context struct: struct sha256_ctx", "Data Type: ..."
_CATEGORY = re.compile(r"(?:[A-Z][a-z]+\s)?(?:[Ff]unction|[Mm]acro|[Cc]onstant|[Vv]ariable|[Tt]ype|[Ss]truct|[Ff]orm|[Cc]ommand"
                       r"|[Oo]ption|[Mm]ethod|[Cc]lass):\s+(?=\S)")
_NUMBERED = re.compile(r"\d+(?:\.\d+)*\.?\s+(?=[A-Za-z_]\w*_\w*\s*$)")  # a C name a manual numbers: "3.4.6. BZ2_bzWrite"
# a heading that is a C function's signature, its return type first (not Python's "class int(x=0)", "classmethod ...")
_SIGNATURE = re.compile(r"(?!(?:class|async|def|await|coroutine|awaitable|classmethod|staticmethod|abstractmethod|exception)\b)"
                        r"(?:(?:const|unsigned|signed|struct|enum|static|inline|volatile)\s+)*[A-Za-z_]\w*(?:\s*\*+\s*|\s+)"
                        r"(?P<call>[A-Za-z_]\w*\s*\()")


def declaration(text: str, start: int, end: int) -> bool:
    """Whether the block ``text[start:end]`` is a C declaration, not prose: a function's prototype
    ("void XMLCALL\\nXML_ParserFree(XML_Parser p);") or a type's ("typedef struct { ... } bz_stream;"),
    as a C library's reference writes one under each function's heading before saying what it does;
    a comment may come first."""
    block = _C_COMMENTS.sub("", text[start:end].strip())  # (after a comment: "/* Added in Expat 2.4.0. */")
    return _DECLARES.match(block) is not None and _DECLARED.search(block) is not None and not _SENTENCE_BREAK.search(block)


def signature_call(title: str) -> str:
    """A heading's ``title`` from the function's name where it is a C function's signature
    ("PyList_New(Py_ssize_t len)" of "PyObject *PyList_New(Py_ssize_t len)"; "sha256_init(struct
    sha256_ctx *ctx)" of a GNU manual's "Function: void sha256_init (struct sha256_ctx *ctx)", and "SHA256_DIGEST_SIZE" of its
    "Constant: SHA256_DIGEST_SIZE") or a numbered name ("BZ2_bzWrite" of bzip2's manual's "3.4.6.
    BZ2_bzWrite"), else as it is."""
    title = title[category.end():] if (category := _CATEGORY.match(title)) else title
    if (numbered := _NUMBERED.match(title)) is not None:
        return title[numbered.end():]
    found = _SIGNATURE.match(title)
    call = title[found.start("call"):] if found else title
    return re.sub(r"\A([A-Za-z_]\w*)\s+\(", r"\1(", call)  # as a call is written: "sha256_init(...)", not "sha256_init (...)"
