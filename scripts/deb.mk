# SPDX-License-Identifier: GPL-2.0
#
# make deb: Debian packages for arm64, cross-built on any host, into
# $(BUILD)/deb/*.deb:
#   jailhouse-dkms (all)           module source under /usr/src, DKMS builds it
#   jailhouse-tools (arm64)        CLI, config tool, completion, man pages
#   jailhouse-firmware (arm64)     /lib/firmware/jailhouse.bin, configs, inmates
#   jailhouse-inmate-sdk (arm64)   library, linker script, headers, .pc
# dpkg-buildpackage puts its results beside the source tree, so it runs in
# a copy of debian/ under $(BUILD)/deb; debian/rules builds and installs
# from this tree (JH_TOP). The package version is the release string with
# '-' turned into '+' (a native package has no Debian revision).

DEB_DIR := $(BUILD)/deb
DEB_SRC := $(DEB_DIR)/jailhouse-$(JH_VERSION)
DEB_VERSION := $(subst -,+,$(JH_VERSION))

.PHONY: deb

deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	cp -r debian $(DEB_SRC)/
	for f in $(DEB_SRC)/debian/*.in; do \
		sed 's/@VERSION@/$(JH_VERSION)/' $$f > $${f%.in} && rm $$f || exit 1; \
	done
	printf '%s\n' "jailhouse ($(DEB_VERSION)) unstable; urgency=medium" "" \
		"  * Release $(JH_VERSION), built by make deb." "" \
		" -- Jailhouse Builders <jailhouse@example.invalid>  $$(date -R -d @$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)})" \
		> $(DEB_SRC)/debian/changelog
	cd $(DEB_SRC) && JH_TOP=$(CURDIR) DEB_BUILD_OPTIONS=nocheck \
		CC=$(CROSS_COMPILE)gcc \
		dpkg-buildpackage -aarm64 -b -us -uc -d -nc
	@ls -1 $(DEB_DIR)/*.deb
