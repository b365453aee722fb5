# SPDX-License-Identifier: GPL-2.0
#
# Bash completion for the jailhouse command line tool.
# Install: source it from ~/.bashrc or copy it to
# /usr/share/bash-completion/completions/jailhouse.
#
# Verbs and options come from the CLI's own command table
# (`jailhouse --complete-words WORD...`, see Documentation/cli.md), so
# nothing is offered that the CLI would refuse. This script only adds
# what the table cannot know: file names, cell names (from sysfs) and
# which positional argument takes which.

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

# The value of an option, by its placeholder in the command table.
_jailhouse_value()
{
	local cur=$1 what=$2

	case "$what" in
	NAME|CELL)
		COMPREPLY=($(compgen -W "$(_jailhouse_cell_names)" -- "$cur")) ;;
	DIR)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	DTB|FILE)
		_jailhouse_files "$cur" "*.dtb" ;;
	SIZE)
		COMPREPLY=($(compgen -W "4M 16M 64M 128M 256M" -- "$cur")) ;;
	INITRD|OUT.*)
		_jailhouse_files "$cur" "*" ;;
	esac
}

# Positional argument number @arg of "jailhouse @cmd @sub".
_jailhouse_positional()
{
	local cur=$1 cmd=$2 sub=$3 arg=$4

	case "$cmd $sub" in
	"enable "*)
		[ "$arg" = 0 ] && _jailhouse_files "$cur" "*.cell" ;;
	"cell create")
		[ "$arg" = 1 ] && _jailhouse_files "$cur" "*.cell" ;;
	"cell load")
		if [ "$arg" = 1 ]; then
			_jailhouse_value "$cur" CELL
		else
			_jailhouse_files "$cur" "*"
		fi ;;
	"cell start"|"cell shutdown"|"cell destroy"|"cell stats"|"cell console")
		[ "$arg" = 1 ] && _jailhouse_value "$cur" CELL ;;
	"cell linux")
		if [ "$arg" = 1 ]; then
			_jailhouse_files "$cur" "*.cell"
		elif [ "$arg" = 2 ]; then
			_jailhouse_files "$cur" "*"
		fi ;;
	"config build")
		_jailhouse_files "$cur" "*.yaml" ;;
	"config show"|"config check")
		_jailhouse_files "$cur" "*.@(cell|yaml)" ;;
	esac
}

_jailhouse()
{
	local cur=${COMP_WORDS[COMP_CWORD]}
	local cmd=${COMP_WORDS[1]} sub=${COMP_WORDS[2]} arg=0 i
	local w a verbs=() opts=() value=""

	COMPREPLY=()
	shopt -s extglob
	while IFS=$'\t' read -r w a; do
		case "$w" in
		=*)	value=${w#=} ;;
		-*)	opts+=("$w") ;;
		?*)	verbs+=("$w") ;;
		esac
	done < <("${COMP_WORDS[0]}" --complete-words \
		 "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)
	if [ -n "$value" ]; then
		_jailhouse_value "$cur" "$value"
		return
	fi
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "${opts[*]}" -- "$cur"))
		return
	fi
	if [ ${#verbs[@]} -gt 0 ]; then
		COMPREPLY=($(compgen -W "${verbs[*]}" -- "$cur"))
		return
	fi
	# arg: position of cur among the plain words after "cmd sub"
	for ((i = 3; i < COMP_CWORD; i++)); do
		[[ "${COMP_WORDS[i]}" == -* ]] || arg=$((arg + 1))
	done
	[ "$COMP_CWORD" -ge 3 ] && arg=$((arg + 1))
	_jailhouse_positional "$cur" "$cmd" "$sub" "$arg"
	# nothing positional to offer: the long options
	[ ${#COMPREPLY[@]} -gt 0 ] ||
		COMPREPLY=($(compgen -W "${opts[*]}" -X "!--*" -- "$cur"))
}

complete -F _jailhouse jailhouse
