// The one way to include Boost.Asio in hilbench. Boost 1.74's
// asio/awaitable.hpp uses std::exchange without including <utility>, which
// GCC 12 in C++20 mode does not pull in transitively: include it first.
#pragma once

// clang-format off
#include <utility>
#include <boost/asio.hpp>
// clang-format on
