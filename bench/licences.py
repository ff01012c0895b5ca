"""Questions asked of licence texts, as a user checking what a licence allows or means asks them:
"What is a Combined Work in the LGPL?", "How long must a written offer to provide the Corresponding
Source be valid?", "May I use the name of the University to endorse products derived from
BSD-licensed software?". The documents are Debian's: twelve licences of ``/usr/share/common-licenses``
copied as they are named there (``Apache-2.0``, ``Artistic``, ``GPL-3``, ...: no suffix), and two
packages' ``copyright`` files holding other licences (libaom3's AOMedia patent licence, dbus-daemon's
Academic Free License).

    python bench/licences.py --store /tmp/licences-store --show

Copies the files into a folder beside the store and indexes them into the store once (reopened as
it is afterwards), then asks each question with the default answerer. A question is marked right
where the first citation, in the file expected, writes the evidence expected (whitespace-insensitive),
wrong where it does not, refused where the answer is a refusal; the questions the documents do not
answer should be refused. Written by hand (2026-12-08) in two sets: ``DEVELOPED`` over eight
licences, before any change was measured on them and then used to develop ``qa.defined_terms``;
``HELD_OUT`` over the other six documents, written before the new code ran on them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from judged import Judge, bench_main, built_store

LICENCES = Path("/usr/share/common-licenses")
DOC = Path("/usr/share/doc")
NAMES = ("Apache-2.0", "Artistic", "BSD", "CC0-1.0", "GFDL-1.3", "GPL-3", "LGPL-3", "MPL-2.0",
         "GPL-2", "LGPL-2.1", "MPL-1.1", "GFDL-1.2")
PACKAGES = ("libaom3", "dbus-daemon")  # (their copyright files)
# (question, the file answering (its name), what the first citation must write; "" where nothing answers); alternatives
# apart by " | ": the same words in another version of a licence the question names no version of (GFDL 1.2 and 1.3),
# or in a copyright file that holds the licence (dbus-daemon's BSD licence)
DEVELOPED: tuple[tuple[str, str, str], ...] = (
    ('What does "Legal Entity" mean in the Apache License?', "Apache-2.0",
     '"Legal Entity" shall mean the union of the acting entity'),
    ("When do the patent licenses granted under the Apache License terminate?", "Apache-2.0",
     "shall terminate as of the date such litigation is filed"),
    ("Must I mark the files I changed when I redistribute an Apache-licensed work?", "Apache-2.0",
     "You must cause any modified files to carry prominent notices"),
    ("Does the Apache License grant permission to use the Licensor's trademarks?", "Apache-2.0",
     "This License does not grant permission to use the trade"),
    ("What must a derivative work include if the original work has a NOTICE file?", "Apache-2.0",
     "include a readable copy of the attribution notices"),
    ("Is an Apache-licensed work provided with any warranty?", "Apache-2.0", 'on an "AS IS" BASIS'),
    ("What is the Corresponding Source in the GPL?", "GPL-3",
     'The "Corresponding Source" for a work in object code form means all'),
    ("How long must a written offer to provide the Corresponding Source be valid?", "GPL-3 | GPL-2",
     "valid for at least three years"),
    ("How many days do I have to cure a GPL violation after the copyright holder notifies me?", "GPL-3",
     "prior to 30 days after"),
    ("Can I charge a price for copies of a GPL program that I convey?", "GPL-3",
     "You may charge any price or no price for each copy that you convey"),
    ("What does it mean to convey a work under the GPL?", "GPL-3", 'To "convey" a work means any kind of propagation'),
    ("Can I combine a GPL-covered work with a work under the GNU Affero General Public License?", "GPL-3",
     "you have permission to link or combine any covered work"),
    ("Which version of the GPL applies if the program does not specify a version number?", "GPL-3",
     "you may choose any version ever published"),
    ("What is a User Product?", "GPL-3", 'A "User Product" is either (1) a "consumer product"'),
    ("Do I have to accept the GPL to run a copy of the program?", "GPL-3",
     "You are not required to accept this License in order to receive or"),
    ("What is a Combined Work in the LGPL?", "LGPL-3", 'A "Combined Work" is a work produced by combining or linking'),
    ("What is an Application under the Lesser GPL?", "LGPL-3",
     'An "Application" is any work that makes use of an interface provided'),
    ("Under what terms may I convey a Combined Work that uses an LGPL library?", "LGPL-3",
     "You may convey a Combined Work under terms of your choice"),
    ("What is a Larger Work in the Mozilla Public License?", "MPL-2.0 | MPL-1.1",
     "means a work that combines Covered Software with other material | means a work which combines Covered Code"),
    ("Where can litigation relating to the Mozilla Public License be brought?", "MPL-2.0",
     "courts of a jurisdiction where the defendant maintains its principal"),
    ("Which licenses are Secondary Licenses under the MPL?", "MPL-2.0",
     "means either the GNU General Public License, Version 2.0"),
    ("When do my rights under the MPL 2.0 terminate?", "MPL-2.0",
     "will terminate automatically if You fail to comply with any of its terms"),
    ("May I use the name of the University to endorse products derived from BSD-licensed software?",
     "BSD | dbus-daemon/copyright", "Neither the name of the University nor the names of its contributors"),
    ("What must redistributions in binary form of BSD-licensed software reproduce?", "BSD | dbus-daemon/copyright",
     "Redistributions in binary form must reproduce the above copyright"),
    ("What rights does the Affirmer waive under CC0?", "CC0-1.0", "waives, abandons, and surrenders all of"),
    ("Does CC0 waive the Affirmer's trademark or patent rights?", "CC0-1.0",
     "No trademark or patent rights held by Affirmer are waived"),
    ("How many printed copies count as copying in quantity under the GFDL?", "GFDL-1.3", "numbering more than 100"),
    ("How long must a Transparent copy remain accessible after distributing Opaque copies?", "GFDL-1.3 | GFDL-1.2",
     "until at least one year after the last time you distribute an"),
    ("What is a reasonable copying fee in the Artistic License?", "Artistic", "is whatever you can justify on the"),
    ("Can I charge a fee for the Package itself under the Artistic License?", "Artistic",
     "You may not charge a fee for this Package itself"),
    ("What is the capital of Peru?", "", ""),
    ("How do I configure a proxy server in Firefox?", "", ""),
)
HELD_OUT: tuple[tuple[str, str, str], ...] = (
    ("What is a work based on the Program in GPL version 2?", "GPL-2", "means either the Program or any derivative work"),
    ("Is running the Program restricted under GPL version 2?", "GPL-2", "The act of running the Program is not restricted"),
    ("What is a work that uses the Library?", "LGPL-2.1", "A program that contains no derivative of any portion of the"),
    ("What does library mean in the LGPL 2.1?", "LGPL-2.1", 'A "library" means a collection of software functions'),
    ("Why is it called the Lesser General Public License?", "LGPL-2.1",
     'We call this license the "Lesser" General Public License because'),
    ("What is Commercial Use under the MPL 1.1?", "MPL-1.1", '"Commercial Use" means distribution or otherwise making the'),
    ("Who is the Initial Developer?", "MPL-1.1", '"Initial Developer" means the individual or entity identified'),
    ("What is an Electronic Distribution Mechanism?", "MPL-1.1",
     '"Electronic Distribution Mechanism" means a mechanism generally'),
    ("What are Modifications under the Mozilla Public License 1.1?", "MPL-1.1",
     '"Modifications" means any addition to or deletion from the'),
    ("What is an Opaque copy?", "GFDL-1.2 | GFDL-1.3", 'is called "Opaque"'),
    ("What is the Title Page in the GFDL?", "GFDL-1.2", '"Title Page" means, for a printed book'),
    ("What does Affiliate mean in the AOM patent license?", "libaom3/copyright",
     '"Affiliate" means an entity that directly or indirectly'),
    ("What is a Decoder?", "libaom3/copyright", '"Decoder" means any decoder that conforms fully'),
    ("What are Necessary Claims?", "libaom3/copyright", '"Necessary Claims" means all claims of patents or'),
    ("What is the Reference Implementation?", "libaom3/copyright", '"Reference Implementation" means an Encoder'),
    ("What counts as Control?", "libaom3/copyright", '"Control" means direct or indirect control of more than 50%'),
    ("What is the Source Code under the Academic Free License?", "dbus-daemon/copyright", 'The term "Source Code" means the'),
    ("Can I distribute a GPL version 2 program in object code form?", "GPL-2", "in object code or executable form"),
    ("How long must a written offer to give the source code be valid under GPL version 2?", "GPL-2",
     "valid for at least three years"),
    ("What is the boiling point of water?", "", ""),
    ("How do I bake bread?", "", ""),
)
QUESTIONS = DEVELOPED + HELD_OUT


def fill(docs: Path) -> None:
    """The licences as ``/usr/share/common-licenses`` names them, and the packages' copyright files in their folders."""
    (docs / "common-licenses").mkdir(parents=True)
    for name in NAMES:
        shutil.copy(LICENCES / name, docs / "common-licenses" / name)
    for package in PACKAGES:
        (docs / package).mkdir()
        shutil.copy(DOC / package / "copyright", docs / package / "copyright")


def in_file(names: str, evidence: str) -> Judge:
    """A first citation is right where its file is one of ``names`` (each its name or its folder and
    name, "libaom3/copyright"; apart by " | ") and its text writes one of ``evidence``'s alternatives
    (apart by " | "; whitespace-insensitive)."""
    files, wanted = names.split(" | "), [" ".join(e.split()) for e in evidence.split(" | ")]

    def right(first: Any) -> bool:
        path = Path(first.source)
        said = " ".join(first.text.split())
        return bool({path.name, f"{path.parent.name}/{path.name}"} & set(files)) and any(w in said for w in wanted)
    return right


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: built_store(store, fill), in_file)


if __name__ == "__main__":
    main()
