"""Questions a list answers: what a package's program, file, variable or term is or does, where a
README, manual or glossary lists them one to an item ("* *fuser* - Identifies processes using files
or sockets"), and which program does a task the list says one does. The documents are Debian's
(psmisc, postgresql-common, man-db, OpenSSL, zstd, systemd's ENVIRONMENT.md, and the READMEs of
PyYAML, xmltodict, libxml2 and pkgconf) and Node.js's glossary, each folder with its changelogs,
which name the same programs many times more.

    python bench/list_items.py --store /tmp/items-store --show

Copies the files into a folder beside the store and indexes them into the store once (reopened as
it is afterwards), then asks each question with the default answerer. A question is marked right
where the first citation, in the folder expected, writes the evidence expected (whitespace-insensitive),
wrong where it does not, refused where the answer is a refusal; the questions the documents do not
answer should be refused. Written by hand (2026-12-06) from the documents: most ask what a listed
thing is or does, some which program does what an item says, some what a package is whose name heads
its README or a section (the paragraph under it answers), and some (marked "prose") ask what prose
answers, to show that the rules leave them alone.
"""

from __future__ import annotations

from judged import bench_main, copied_store, in_folder

FILES = {"psmisc": ["README.md", "changelog.gz"], "postgresql-common": ["README.md.gz", "changelog.gz"],
         "man-db": ["man-db-manual.txt.gz", "README.md.gz", "ChangeLog-2013.gz", "changelog.gz"],
         "openssl": ["README.md.gz", "NEWS.md.gz", "changelog.gz"], "zstd": ["README.md.gz"],
         "systemd": ["ENVIRONMENT.md.gz", "NEWS.gz"], "nodejs": ["glossary.md", "README.md", "GOVERNANCE.md"],
         "python3-yaml": ["README.md", "changelog.gz"], "python3-xmltodict": ["README.md.gz", "changelog.gz"],
         "libxml2": ["README.md", "NEWS.gz"], "pkgconf-bin": ["README.md.gz", "changelog.gz"]}
# (question, the folder answering, what the first citation must write; "" where nothing answers)
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("What does fuser do?", "psmisc", "Identifies processes using files or sockets"),
    ("What does killall do?", "psmisc", "kills processes by name"),
    ("What does prtstat do?", "psmisc", "prints statistics of a process"),
    ("What is pslog?", "psmisc", "prints log path(s) of a process"),
    ("What does pstree do?", "psmisc", "shows the currently running processes as a tree"),
    ("What does peekfd do?", "psmisc", "shows the data travelling over a file descriptor"),
    ("Which program kills processes by name?", "psmisc", "kills processes by name"),
    ("How do I upgrade a cluster to a newer major version?", "postgresql-common", "upgrade a cluster to a newer major version"),
    ("Which program lists all available clusters?", "postgresql-common", "pg_lsclusters"),
    ("What does pg_wrapper do?", "postgresql-common", "environment chooser and program selector"),
    ("How do I remove a cluster?", "postgresql-common", "pg_dropcluster"),
    ("What is pg_ctlcluster?", "postgresql-common", "wrapper for `pg_ctl`"),
    ("What is the user_clusters file for?", "postgresql-common", "maps users against clusters"),
    ("What is start.conf for?", "postgresql-common", "startup mode of the cluster"),
    ("What does mandb do?", "man-db", "create or update the manual page index caches"),
    ("What does catman do?", "man-db", "create or update the pre-formatted manual pages"),
    ("What is apropos?", "man-db", "search the manual page names and descriptions"),
    ("What does lexgrog do?", "man-db", "directly read header information in manual pages"),
    ("What does manpath do?", "man-db", "determine search path for manual pages"),
    ("What does zsoelim do?", "man-db", "satisfy .so requests in roff input"),
    ("Which program searches the manual page names?", "man-db", "whatis"),
    ("What is libcrypto?", "openssl", "a full-strength general purpose cryptographic library"),
    ("What is libssl?", "openssl", "an implementation of all TLS protocol versions"),
    ("What does make check do?", "zstd", "test its behavior on local platform"),
    ("What does make install do?", "zstd", "create and install zstd cli, library and man pages"),
    ("What does $SYSTEMD_OFFLINE do?", "systemd", "will refrain from talking to PID 1"),
    ("What is SYSTEMD_FSTAB used for?", "systemd", "use this path instead of `/etc/fstab`"),
    ("What does $SYSTEMD_IGNORE_CHROOT do?", "systemd", "don't check whether being invoked in a"),
    ("What does $SD_EVENT_PROFILE_DELAYS do?", "systemd", "print latency information at runtime"),
    ("What is ABI?", "nodejs", "Defines the interface between two binary program modules"),
    ("What does AFAICT mean?", "nodejs", "As Far As I Can Tell"),
    ("What is CITGM?", "nodejs", "Canary In The Gold Mine"),
    ("What is ESM?", "nodejs", "module system"),
    ("What does FFDC stand for?", "nodejs", "First Failure Data Capture"),
    ("What is Godbolt?", "nodejs", "Tool for running compilers interactively"),
    # a heading that is the thing's name
    ("What is man-db?", "man-db", "fast and friendly manner"),
    ("What is PyYAML?", "python3-yaml", "A full-featured YAML processing framework for Python"),
    ("What is xmltodict?", "python3-xmltodict", "Python module that makes working with XML"),
    ("What is libxml2?", "libxml2", "XML toolkit implemented in C"),
    ("What is pkgconf?", "pkgconf-bin", "helps to configure compiler and linker flags"),
    ("What is psmisc?", "psmisc", "A package of small utilities"),
    # prose
    ("Who developed SSLeay?", "openssl", "Eric A. Young"),
    ("What is the default build type with Meson?", "zstd", "default build type is **release**"),
    ("Who drew the pstree icons?", "psmisc", "Tatlin at Coresis"),
    ("What is the openssl command line tool used for?", "openssl", "swiss army knife"),
    # not in the documents
    ("What does pgbench do?", "", ""),
    ("What is libgnutls?", "", ""),
    ("What does $SYSTEMD_FOOBAR do?", "", ""),
    ("What is DHCP?", "", ""),
    ("How do I rename a cluster?", "", ""),
    ("Which program backs up a cluster?", "", ""),
    ("What does the dnsmasq program do?", "", ""),
    ("What is WebAssembly?", "", ""),
    ("What is PyQt?", "", ""),
    ("What is libjpeg?", "", ""),
)


def main() -> None:
    bench_main(__doc__, QUESTIONS, lambda store: copied_store(store, FILES), in_folder)


if __name__ == "__main__":
    main()
