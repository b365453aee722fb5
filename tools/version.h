/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JH_VERSION for `jailhouse --version`. The build may generate
 * jh_version.h with the release string; without it the CLI still says
 * which tree it came from rather than failing to build.
 */
#ifndef _JH_TOOLS_VERSION_H
#define _JH_TOOLS_VERSION_H

#if __has_include("jh_version.h")
#include "jh_version.h"
#endif
#ifndef JH_VERSION
#define JH_VERSION "0.0-unreleased"
#endif

#endif
