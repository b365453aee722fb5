# SPDX-License-Identifier: GPL-2.0
#
# Bash completion for the jailhouse command line tool.
# Install: source it from ~/.bashrc or copy it to
# /usr/share/bash-completion/completions/jailhouse.

_jailhouse_cell_names()
{
	local f names=()

	# JAILHOUSE_SYSFS lets tests point this at a fake sysfs tree.
	for f in "${JAILHOUSE_SYSFS:-/sys/devices/jailhouse}"/cells/*/name; do
		[ -r "$f" ] && names+=("$(cat "$f")")
	done
	printf '%s\n' "${names[@]}"
}

# Complete file names, restricted to a glob pattern (directories always).
_jailhouse_files()
{
	local cur=$1 pattern=$2

	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -X "!$pattern" -- "$cur") \
		   $(compgen -d -- "$cur"))
}

_jailhouse_config()
{
	local cur=$1 prev=$2 sub=$3 arg=$4

	case "$prev" in
	-o|--output)
		_jailhouse_files "$cur" "*"
		return ;;
	--dtb)
		_jailhouse_files "$cur" "*.dtb"
		return ;;
	--root)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--mem-hv|--mem-inmates)
		COMPREPLY=($(compgen -W "4M 16M 64M 128M 256M" -- "$cur"))
		return ;;
	esac
	case "$sub" in
	build)
		if [[ "$cur" == -* ]]; then
			COMPREPLY=($(compgen -W "-o --output" -- "$cur"))
		else
			_jailhouse_files "$cur" "*.yaml"
		fi ;;
	show)
		_jailhouse_files "$cur" "*.@(cell|yaml)" ;;
	check)
		_jailhouse_files "$cur" "*.@(cell|yaml)" ;;
	create)
		COMPREPLY=($(compgen -W "--dtb --root --mem-hv --mem-inmates -o \
			--output" -- "$cur")) ;;
	"")
		COMPREPLY=($(compgen -W "build show check create" -- "$cur")) ;;
	esac
}

_jailhouse_cell()
{
	local cur=$1 prev=$2 sub=$3 arg=$4

	case "$sub" in
	"")
		COMPREPLY=($(compgen -W "create load start shutdown destroy list \
			stats console linux" -- "$cur")) ;;
	create)
		[ "$arg" = 1 ] && _jailhouse_files "$cur" "*.cell" ;;
	load)
		# CELL { IMAGE | -s STRING } [-a ADDR] ...
		case "$prev" in
		-a|--address|-s|--string)
			return ;;
		esac
		if [ "$arg" = 1 ]; then
			COMPREPLY=($(compgen -W "$(_jailhouse_cell_names)" -- "$cur"))
		elif [[ "$cur" == -* ]]; then
			COMPREPLY=($(compgen -W "-a --address -s --string" -- "$cur"))
		else
			_jailhouse_files "$cur" "*"
		fi ;;
	start|shutdown|destroy|stats)
		[ "$arg" = 1 ] && \
			COMPREPLY=($(compgen -W "$(_jailhouse_cell_names)" -- "$cur")) ;;
	console)
		if [ "$arg" = 1 ]; then
			COMPREPLY=($(compgen -W "$(_jailhouse_cell_names)" -- "$cur"))
		elif [ "$arg" = 2 ]; then
			COMPREPLY=($(compgen -W "-f --follow" -- "$cur"))
		fi ;;
	linux)
		if [ "$arg" = 1 ]; then
			_jailhouse_files "$cur" "*.cell"
		else
			_jailhouse_files "$cur" "*"
		fi ;;
	esac
}

_jailhouse()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} sub="" arg=0 i

	COMPREPLY=()
	shopt -s extglob
	if [ "$COMP_CWORD" = 1 ]; then
		COMPREPLY=($(compgen -W "enable disable console cell config \
			--help --version" -- "$cur"))
		return
	fi
	# sub: the word after cmd; arg: position of cur among the words after sub
	if [ "$COMP_CWORD" -gt 2 ]; then
		sub=${COMP_WORDS[2]}
		for ((i = 3; i < COMP_CWORD; i++)); do
			[[ "${COMP_WORDS[i]}" == -* ]] || arg=$((arg + 1))
		done
		arg=$((arg + 1))
	fi
	case "$cmd" in
	enable)
		[ "$COMP_CWORD" = 2 ] && _jailhouse_files "$cur" "*.cell" ;;
	console)
		[ "$COMP_CWORD" = 2 ] && \
			COMPREPLY=($(compgen -W "-f --follow" -- "$cur")) ;;
	cell)
		_jailhouse_cell "$cur" "$prev" "$sub" "$arg" ;;
	config)
		_jailhouse_config "$cur" "$prev" "$sub" "$arg" ;;
	esac
}

complete -F _jailhouse jailhouse
