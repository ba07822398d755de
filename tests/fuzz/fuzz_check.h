// What the fuzz targets (tests/fuzz) share: a property that must hold for every input. A broken
// property aborts, so libFuzzer keeps the input as a crash to reproduce.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                    \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "fuzz property broken at %s:%d: %s\n", __FILE__, __LINE__, \
                   what);                                                              \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
