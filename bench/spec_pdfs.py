"""Questions asked of two PDFs that Debian ships, as a user who saved them would ask: the Shared
MIME-info Database specification (`/usr/share/doc/shared-mime-info`, DocBook printed to PDF, its
lists set with "•" and some of them run onto one line by the PDF's text) and GNU Libtasn1's
manual (`/usr/share/doc/libtasn1-doc`, Texinfo). 47 questions written by hand (2026-12-07) from
the documents' text as docqa extracts it, 4 of them unanswered by either.

    python bench/spec_pdfs.py --store /tmp/spec-pdfs-store --show

Copies the two PDFs beside the store and indexes them into the store once (reopened as it is
afterwards). A question is right where the first citation, in the folder expected, writes one of
the evidences expected (apart by " | ", whitespace-insensitive), wrong where it does not, refused
where the answer is a refusal.
"""

from __future__ import annotations

from judged import bench_main, copied_store
from readmes import any_of

FILES = {"shared-mime-info": ["shared-mime-info-spec.pdf"], "libtasn1-doc": ["libtasn1.pdf"]}
MIME, TASN = "shared-mime-info", "libtasn1-doc"
# (question, the folder answering, what the first citation must write: alternatives apart by " | "; "": refused)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What version of the specification is this?", MIME, "This is version 0.21"),
    ("When was the specification last updated?", MIME, "last updated 2 October 2018"),
    ("Who wrote the Shared MIME-info Database specification?", MIME, "Thomas Leonard"),
    ("What does the globs2 file contain?", MIME,
     "mapping from names to MIME types and glob weight | list of lines containing weight, MIME type and pattern"),
    ("What is the default priority value for magic rules?", MIME, "The default priority value is 50"),
    ("What is the maximum priority?", MIME, "the maximum is 100"),
    ("Does the MIME database store user preferences?", MIME,
     "does NOT store user preferences | NOT intended to store user preferences"),
    ("What separates the fields in the globs2 file?", MIME, "separated by a colon"),
    ("Which extended attribute holds a file's MIME type?", MIME, "user.mime_type extended attribute"),
    ("What string does the magic file start with?", MIME, 'starts with the magic string "MIME-Magic'),
    ("Are numbers in the magic file big-endian?", MIME, "All numbers are big-endian | network (big-endian) order"),
    ("What does the glob-deleteall element do?", MIME,
     "patterns from previously parsed directories must be discarded | SHOULD discard information from previous directories"),
    ("What is an alias?", MIME, "known by another name"),
    ("How must applications match globs?", MIME, "match globs case-insensitively"),
    ("Which pattern is used if several patterns of the same weight match?", MIME, "the longest pattern SHOULD be used"),
    ("What does mime.cache contain?", MIME, "the same information as the globs2"),
    ("Which type are all text types subclasses of?", MIME, "All text/* types are subclasses of text/plain"),
    ("What is the default type for binary data?", MIME, "application/octet-stream for binary data"),
    ("How many bytes of the file should be checked for control characters?", MIME, "first 128 bytes"),
    ("Why are glob patterns checked before magic?", MIME,
     "magic sniffing is very expensive | several reasons for checking the glob patterns before the magic"),
    ("What is the x-content type for?", MIME,
     "classifying the content of mountable volumes | The x-content type has been introduced for this purpose"),
    ("What is inode/mount-point a subclass of?", MIME, "subclass of inode/directory"),
    ("How can mounted directories be detected?", MIME, "st_dev"),
    ("Should an application trust a file based on its MIME type?", MIME, "MUST NOT trust a file based simply on its MIME type"),
    ("How should cache files be written?", MIME, "written atomically"),
    ("What does the acronym element give?", MIME, "acronym elements give experienced users a terse idea"),
    ("What flags are defined for globs2?", MIME, "cs (for case-sensitive)"),
    ("What is the default icon for a MIME type?", MIME, 'by mapping "/" characters to "-"'),
    ("What encoding is the globs file in?", MIME, "UTF-8 encoding"),
    ("Where should users put their corrections to the database?", MIME, "Override.xml"),
    ("What is the magic string of the treemagic file?", MIME, "MIME-TreeMagic"),
    ("What does a comment element give?", MIME, "comment elements give a human-readable textual description"),
    ("How are URI schemes handled?", MIME, "x-scheme-handler"),
    ("What license is libtasn1 under?", TASN, "GNU Lesser General Public License version 2.1 or later"),
    ("Is libtasn1 thread-safe?", TASN, "No global variables are used"),
    ("Which operating systems does libtasn1 work on?", TASN, "all Unix like operating systems, and Windows"),
    ("Does libtasn1 limit INTEGER values?", TASN, "No limits for INTEGER"),
    ("What are the main features of libtasn1?", TASN, "The main features of this library are"),
    ("Is the ASN.1 parser case sensitive?", TASN, "The parser is case sensitive"),
    ("Are C-style comments supported in ASN.1 definitions?", TASN, "comments are not supported"),
    ("Which types can the parser manage?", TASN, "the list of types that the parser can manage"),
    ("How do comments begin in ASN.1 definitions?", TASN, "The comments begin with --"),
    ("What license are the command line tools under?", TASN, "GNU General Public License version 3.0 or later"),
    ("What is the capital of France?", "", ""),
    ("How do I change my preferred application for PDF files?", "", ""),
    ("What is the latest version of GNOME?", "", ""),
    ("How much memory does libtasn1 need?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: copied_store(store, FILES), any_of)


if __name__ == "__main__":
    main()
