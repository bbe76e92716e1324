#!/usr/bin/env bash
# filesystems.sh - modules add filesystem types: ramfs (writable, in
# memory) and cpiofs (a cpio archive from the module tree, read-only),
# mounted, used and unmounted from the console; a type in use by a mount
# cannot be unloaded.  Also the VFS itself: /proc/filesystems and
# /proc/mounts in Linux's formats, the views and the module tree as mounts
# of the one path lookup, errors as util-linux and coreutils word them.
. "$(dirname "$0")/lib.sh"

ARCHIVE=/lib/modules/$REL/data/demo.cpio

# ---- the mounts at boot ---------------------------------------------------------
session "cat /proc/mounts; cat /proc/filesystems; ls /lib/modules/$REL/data"
has "root is the host's, read-only" '^/ / hostfs ro 0 0$' "$out"
has "/proc is procfs" '^proc /proc proc rw 0 0$' "$out"
has "/sys is sysfs" '^sysfs /sys sysfs rw 0 0$' "$out"
has "/dev is devtmpfs" '^devtmpfs /dev devtmpfs rw 0 0$' "$out"
has "/lib/modules is the module tree" " /lib/modules hostfs ro 0 0\$" "$out"
has "/proc/filesystems: nodev<TAB>proc" "$(printf '^nodev\tproc$')" "$out"
has "the archive ships in the tree" '^demo\.cpio$' "$out"

# ---- ramfs ---------------------------------------------------------------------
session "echo == before; cat /proc/lkm/registries; echo ==;
	 insmod $EXTRA/ramfs.ko; cat /proc/filesystems;
	 mount -t ramfs none /mnt; mkdir /mnt/d; mkdir -p /mnt/a/b/c;
	 echo hello > /mnt/d/f; echo world >> /mnt/d/f; cat /mnt/d/f;
	 echo again > /mnt/d/f; cat /mnt/d/f; ls -l /mnt/d; ls /mnt /mnt/a/b;
	 rmmod ramfs; rm /mnt/d; rmdir /mnt/d; rm /mnt/d/f; rmdir /mnt/d;
	 cat /mnt/d/f; open /mnt/a/b/c; umount /mnt; close 3; ls /mnt;
	 cat /proc/mounts; umount /mnt; cat /proc/mounts; rmmod ramfs;
	 echo == after; cat /proc/lkm/registries; echo =="
has "registered: nodev<TAB>ramfs" "$(printf '^nodev\tramfs$')" "$out"
expect "write, append, overwrite" "hello
world
again" "$(grep -E '^(hello|world|again)$' <<<"$out")"
has "ls -l shows a file's size" '^-rw-r--r-- 1        6 f$' "$out"
has "mkdir -p" '^c$' "$out"
has "cannot unload while mounted" '^rmmod: ERROR: Module ramfs is in use$' "$out"
has "rm of a directory" "^rm: cannot remove '/mnt/d': Is a directory$" "$out"
has "rmdir of a non-empty directory" "^rmdir: failed to remove '/mnt/d': Directory not empty$" "$out"
has "removed" '^cat: /mnt/d/f: No such file or directory$' "$out"
has "umount refused while a file is open" '^umount: /mnt: target is busy\.$' "$out"
has "/proc/mounts shows the mount" '^none /mnt ramfs rw 0 0$' "$out"
hasnt "no ramfs error at the end" '^(rmmod|umount): .*(not mounted|in use)' \
	"$(sed -n '/^none \/mnt ramfs/,$p' <<<"$out" | sed 1d)"
expect "registries back to their state" "$(registries before)" "$(registries after)"

# ---- cpiofs ----------------------------------------------------------------------
session "insmod $EXTRA/cpiofs.ko; mount -t cpiofs $ARCHIVE /mnt;
	 ls /mnt /mnt/docs; cat /mnt/hello.txt; ls -l /mnt;
	 echo x > /mnt/new; mkdir /mnt/x; rm /mnt/hello.txt; rmmod cpiofs;
	 cat /proc/mounts; umount /mnt; rmmod cpiofs; lsmod"
expect "the archive's tree" "/mnt:
docs
hello.txt

/mnt/docs:
README" "$(sed -n '/^\/mnt:$/,/^README$/p' <<<"$out")"
has "a file from the archive" '^Hello from a cpio archive, mounted by the cpiofs module\.$' "$out"
has "read-only: no new file" '^lkm: /mnt/new: Read-only file system$' "$out"
has "read-only: no mkdir" "^mkdir: cannot create directory '/mnt/x': Read-only file system$" "$out"
has "read-only: no rm" "^rm: cannot remove '/mnt/hello.txt': Read-only file system$" "$out"
has "cannot unload while mounted" '^rmmod: ERROR: Module cpiofs is in use$' "$out"
has "mounted read-only" " /mnt cpiofs ro 0 0\$" "$out"
expect "unloads once unmounted" "Module                  Size  Used by" "$(tail -n 1 <<<"$out")"

# ---- an archive on a ramfs, and a bad one -----------------------------------------
session "insmod $EXTRA/ramfs.ko; insmod $EXTRA/cpiofs.ko;
	 mount -t ramfs none /mnt; mkdir /mnt/c;
	 cat $ARCHIVE > /mnt/copy.cpio; mount -t cpiofs /mnt/copy.cpio /mnt/c;
	 cat /mnt/c/docs/README; umount /mnt; umount /mnt/c; umount /mnt;
	 mount -t ramfs none /mnt; echo not an archive > /mnt/bad.cpio;
	 mkdir /mnt/c; mount -t cpiofs /mnt/bad.cpio /mnt/c;
	 mount -t cpiofs /mnt/none.cpio /mnt/c; dmesg"
has "an archive copied into ramfs mounts" '^Mount it with:' "$out"
has "umount of the lower mount refused first" '^umount: /mnt: target is busy\.$' "$out"
has "a malformed archive is refused" '^mount: /mnt/c: wrong fs type, bad option' "$out"
has "... saying where" 'cpiofs: /mnt/bad\.cpio: malformed archive at offset 0$' "$out"
has "a missing archive" '^mount: /mnt/c: special device /mnt/none\.cpio does not exist\.$' "$out"

# ---- mount -t loads the filesystem's module ------------------------------------------
session "mount -t ramfs none /mnt; lsmod; cat /proc/mounts; dmesg"
has "mount -t ramfs loaded ramfs (alias fs-ramfs)" '^ramfs +[0-9]+  1$' "$out"
has "... asking modprobe for fs-ramfs" 'request_module: fs-ramfs: loading ramfs$' "$out"
has "... and mounted" '^none /mnt ramfs rw 0 0$' "$out"

# ---- mount's own errors -------------------------------------------------------------
session "mount -t nosuchfs none /mnt; mount -t proc proc /nonexistent;
	 mount -t proc proc /proc; umount /tmp; mount"
has "unknown type" "^mount: /mnt: unknown filesystem type 'nosuchfs'\\.$" "$out"
has "no mount point" '^mount: /nonexistent: mount point does not exist\.$' "$out"
has "already mounted" '^mount: /proc: proc already mounted or mount point busy\.$' "$out"
has "not mounted" '^umount: /tmp: not mounted\.$' "$out"
has "mount lists as util-linux" '^proc on /proc type proc \(rw\)$' "$out"

# ---- the views are one filesystem among others ---------------------------------------
session "mount -t proc proc /mnt; cat /mnt/version; ls /sys/module;
	 cd /proc/lkm; pwd; cat stats; cd /; cat proc/version"
has "proc mounted twice shows the same views" '^lkm version ' "$out"
has "cd and relative paths" '^/proc/lkm$' "$out"
has "relative read" '^modules 0$' "$out"
