#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write a newc cpio archive (what the kernel unpacks as initramfs) from a
staging directory plus a list of extra entries, without root: device
nodes come from the list, not from mknod, and every entry is owned by
0:0 whoever runs this.

  mkcpio.py STAGE LIST [OUT]      (OUT default: standard output)

LIST lines (the gen_init_cpio format of the kernel's usr/ directory, the
subset needed here; '#' starts a comment):
  nod NAME MODE UID GID c|b MAJOR MINOR
  dir NAME MODE UID GID
NAME is the path in the archive (leading '/' optional), MODE octal
permissions. Entries are written sorted, so a directory always precedes
what is in it; mtimes are SOURCE_DATE_EPOCH (default 0), so the same
inputs give the same bytes.
"""
import os
import stat
import sys

MAGIC = b"070701"
TYPES = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}


class Entry:
    def __init__(self, name, mode, data=b"", uid=0, gid=0, rdev=(0, 0)):
        self.name = name
        self.mode = mode
        self.data = data
        self.uid = uid
        self.gid = gid
        self.rdev = rdev


def pad4(n):
    return (4 - n % 4) % 4


def header(ino, e, mtime):
    name = e.name.encode() + b"\0"
    fields = (ino, e.mode, e.uid, e.gid, 1, mtime, len(e.data), 0, 0,
              e.rdev[0], e.rdev[1], len(name), 0)
    hdr = MAGIC + b"".join(b"%08X" % f for f in fields) + name
    return hdr + b"\0" * pad4(len(hdr))


def from_stage(stage):
    """Every directory, file and symlink under STAGE, owned by root."""
    out = []
    for root, dirs, files in os.walk(stage):
        for n in dirs + files:
            path = os.path.join(root, n)
            name = os.path.relpath(path, stage)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out.append(Entry(name, st.st_mode,
                                 os.readlink(path).encode()))
            elif stat.S_ISDIR(st.st_mode):
                out.append(Entry(name, st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    out.append(Entry(name, st.st_mode, f.read()))
            else:
                sys.exit(f"mkcpio: {path}: not a file, directory or symlink;"
                         " list device nodes in the LIST file instead")
    return out


def from_list(path):
    out = []
    with open(path) as f:
        for num, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            where = f"mkcpio: {path}:{num}"
            try:
                if words[0] == "nod" and len(words) == 8 and \
                        words[5] in TYPES:
                    out.append(Entry(words[1].lstrip("/"),
                                     TYPES[words[5]] | int(words[2], 8),
                                     uid=int(words[3]), gid=int(words[4]),
                                     rdev=(int(words[6]), int(words[7]))))
                elif words[0] == "dir" and len(words) == 5:
                    out.append(Entry(words[1].lstrip("/"),
                                     stat.S_IFDIR | int(words[2], 8),
                                     uid=int(words[3]), gid=int(words[4])))
                else:
                    sys.exit(f"{where}: expected 'nod NAME MODE UID GID c|b"
                             f" MAJOR MINOR' or 'dir NAME MODE UID GID'")
            except ValueError:
                sys.exit(f"{where}: MODE is octal, UID GID MAJOR MINOR"
                         " decimal")
    return out


def archive(entries, mtime):
    names = {}
    for e in entries:
        if e.name in names:
            sys.exit(f"mkcpio: '{e.name}' is both in the staging directory"
                     " and in the list")
        names[e.name] = e
    blob = bytearray()
    for ino, name in enumerate(sorted(names, key=os.fsencode), 1):
        e = names[name]
        blob += header(ino, e, mtime) + e.data + b"\0" * pad4(len(e.data))
    blob += header(0, Entry("TRAILER!!!", 0), 0)
    return bytes(blob)


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    data = archive(from_stage(argv[1]) + from_list(argv[2]), mtime)
    if len(argv) == 4:
        with open(argv[3], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main(sys.argv)
