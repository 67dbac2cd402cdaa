// Help text and shell completion, rendered from the commands' CommandSpecs
// (cli/args.h): nothing here lists an option by hand.
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"

namespace hb::cli {

// `hilbench CMD --help`: synopsis, description, every option with its
// default, exit codes, examples.
std::string command_help(const CommandSpec& spec);
// `hilbench --help`: every command with its one-line summary.
std::string overview(const std::vector<const CommandSpec*>& specs);
// `hilbench completion bash`: a bash completion script for all commands,
// their subcommands and options; values of "a|b|c" options complete to the
// choices, BOARD values to `boards`, FILE/DIR/PATH-like values to paths.
std::string bash_completion(const std::vector<const CommandSpec*>& specs, const std::vector<std::string>& boards);

}  // namespace hb::cli
