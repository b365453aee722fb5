# SPDX-License-Identifier: GPL-2.0
#
# make install / make uninstall, included by the top Makefile after
# `make all`. PREFIX (default /usr/local) and DESTDIR as usual; the
# firmware and module paths are where the kernel looks, not under PREFIX:
#   $(FIRMWAREDIR)/jailhouse.bin           request_firmware() (driver/driver.h)
#   $(MODULEDIR)/<release>/extra/jailhouse.ko  one per built kernel series
#   $(DKMSDIR)/jailhouse-$(JH_VERSION)/    module sources + dkms.conf
#   $(SBINDIR)/jailhouse                   the CLI
#   $(SBINDIR)/jailhouse-config, $(BINDIR)/jailhouse-config
#                                          links to the config tool, kept in
#   $(JHDATADIR)/tools/                    jailhouse-config + jhconfig/
#   $(JHDATADIR)/configs/                  *.yaml and compiled *.cell
#   $(JHDATADIR)/inmates/                  *.bin
#   $(INCLUDEDIR)/jailhouse/               ABI headers
#   $(INCLUDEDIR)/jailhouse-inmate/, $(LIBDIR)/jailhouse/inmate/,
#   $(LIBDIR)/pkgconfig/jailhouse-inmate.pc  inmate SDK
#   $(MANDIR)/man1, man8                   man pages
#   $(BASHCOMPDIR)/jailhouse               bash completion

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
JHDATADIR ?= $(DATADIR)/jailhouse
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
FIRMWAREDIR ?= /lib/firmware
MODULEDIR ?= /lib/modules
DKMSDIR ?= /usr/src
DKMS_SRC := $(DESTDIR)$(DKMSDIR)/jailhouse-$(JH_VERSION)
SDKDIR := $(LIBDIR)/jailhouse/inmate
INSTALL ?= install

ABI_HEADERS := $(wildcard include/jailhouse/*.h)
MAN1 := $(wildcard Documentation/man/*.1)
MAN8 := $(wildcard Documentation/man/*.8)

.PHONY: install install-bin install-data install-module install-dkms \
	install-sdk install-man uninstall

install: install-bin install-data install-module install-dkms install-sdk \
	install-man

install-bin:
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(JHDATADIR)/tools/jhconfig $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(BUILD)/tools/jailhouse $(DESTDIR)$(SBINDIR)/jailhouse
	$(INSTALL) -m 755 tools/jailhouse-config $(DESTDIR)$(JHDATADIR)/tools/
	@# The whole package, sub-packages included; no byte code.
	cd tools && find jhconfig -name __pycache__ -prune -o \
		\( -name '*.py' -o -name '*.json' \) -print | while read -r f; do \
		$(INSTALL) -D -m 644 "$$f" "$(DESTDIR)$(JHDATADIR)/tools/$$f" || exit 1; \
	done
	@# "jailhouse config" runs jailhouse-config beside /proc/self/exe.
	ln -sfr $(DESTDIR)$(JHDATADIR)/tools/jailhouse-config \
		$(DESTDIR)$(SBINDIR)/jailhouse-config
	ln -sfr $(DESTDIR)$(JHDATADIR)/tools/jailhouse-config \
		$(DESTDIR)$(BINDIR)/jailhouse-config
	$(INSTALL) -m 644 tools/jailhouse-completion.bash \
		$(DESTDIR)$(BASHCOMPDIR)/jailhouse

install-data:
	$(INSTALL) -d $(DESTDIR)$(FIRMWAREDIR) $(DESTDIR)$(JHDATADIR)/configs \
		$(DESTDIR)$(JHDATADIR)/inmates $(DESTDIR)$(INCLUDEDIR)/jailhouse
	$(INSTALL) -m 644 $(BUILD)/hypervisor/jailhouse.bin $(DESTDIR)$(FIRMWAREDIR)/
	$(INSTALL) -m 644 configs/*.yaml $(BUILD)/configs/*.cell \
		$(DESTDIR)$(JHDATADIR)/configs/
	$(INSTALL) -m 644 $(BUILD)/inmates/*.bin $(DESTDIR)$(JHDATADIR)/inmates/
	$(INSTALL) -m 644 $(ABI_HEADERS) $(DESTDIR)$(INCLUDEDIR)/jailhouse/

# The release comes from the kernel tree each module was built against
# (Debian's include/config/kernel.release is the upstream one, not uname -r).
krel = sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(CACHE)/linux-$(1)/kdir/include/generated/utsrelease.h | grep .
install-module:
	@for s in $(KSERIES); do \
		ko=$(BUILD)/driver-$$s/jailhouse.ko; \
		rel=$$($(call krel,$$s)) || exit 1; \
		echo "  INSTALL $$ko -> $(MODULEDIR)/$$rel/extra"; \
		$(INSTALL) -D -m 644 $$ko $(DESTDIR)$(MODULEDIR)/$$rel/extra/jailhouse.ko || exit 1; \
	done

# What DKMS builds from: the driver sources, the ABI headers they include
# and the VERSION the build was made from (no git there), no -Werror.
install-dkms:
	$(INSTALL) -d $(DKMS_SRC)/include/jailhouse
	$(INSTALL) -m 644 driver/Kbuild driver/*.c driver/*.h $(DKMS_SRC)/
	$(INSTALL) -m 644 $(ABI_HEADERS) $(DKMS_SRC)/include/jailhouse/
	echo "$(JH_VERSION)" > $(DKMS_SRC)/VERSION
	sed 's/@VERSION@/$(JH_VERSION)/' scripts/dkms.conf.in > $(DKMS_SRC)/dkms.conf

# Paths under PREFIX are written as ${prefix}/...: pkg-config
# --define-variable=prefix=DIR then finds a relocated SDK (a DESTDIR tree).
pcdir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

install-sdk:
	$(INSTALL) -d $(DESTDIR)$(SDKDIR) $(DESTDIR)$(INCLUDEDIR)/jailhouse-inmate \
		$(DESTDIR)$(LIBDIR)/pkgconfig
	$(INSTALL) -m 644 $(BUILD)/inmates/lib/libinmate.a \
		$(BUILD)/inmates/lib/entry.o inmates/lib/inmate.lds $(DESTDIR)$(SDKDIR)/
	$(INSTALL) -m 644 inmates/lib/include/*.h inmates/lib/hidden.h \
		$(DESTDIR)$(INCLUDEDIR)/jailhouse-inmate/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(JH_VERSION)|' \
		-e 's|@SDKDIR@|$(call pcdir,$(SDKDIR))|' \
		-e 's|@INCLUDEDIR@|$(call pcdir,$(INCLUDEDIR))|' \
		inmates/sdk/jailhouse-inmate.pc.in \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/jailhouse-inmate.pc

install-man:
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/

# Only what install wrote: directories we own go whole, shared ones
# (bin, sbin, firmware, man) lose just our files.
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/jailhouse $(DESTDIR)$(SBINDIR)/jailhouse-config \
		$(DESTDIR)$(BINDIR)/jailhouse-config \
		$(DESTDIR)$(BASHCOMPDIR)/jailhouse \
		$(DESTDIR)$(FIRMWAREDIR)/jailhouse.bin \
		$(DESTDIR)$(LIBDIR)/pkgconfig/jailhouse-inmate.pc \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -rf $(DESTDIR)$(JHDATADIR) $(DESTDIR)$(INCLUDEDIR)/jailhouse \
		$(DESTDIR)$(INCLUDEDIR)/jailhouse-inmate \
		$(DESTDIR)$(LIBDIR)/jailhouse $(DKMS_SRC)
	@for s in $(KSERIES); do \
		rel=$$($(call krel,$$s)) || exit 1; \
		rm -f $(DESTDIR)$(MODULEDIR)/$$rel/extra/jailhouse.ko; \
	done
