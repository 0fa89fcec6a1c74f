# Flags shared by every Xuewei target, carried on one INTERFACE target (house style: no
# directory-wide flags).
add_library(xw_options INTERFACE)
target_compile_features(xw_options INTERFACE cxx_std_20)
target_compile_options(xw_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  # Determinism: no fused multiply-add contraction, so results do not depend on the instruction set.
  -ffp-contract=off)
if(XW_WARNINGS_AS_ERRORS)
  target_compile_options(xw_options INTERFACE -Werror)
  # GCC 12 at -O2/-O3 reports -Wrestrict inside libstdc++'s std::string operator+ (GCC bug
  # 105329, fixed in GCC 13): a false positive in the standard library, not in our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(xw_options INTERFACE -Wno-error=restrict)
  endif()
endif()
if(XW_SANITIZE)
  target_compile_options(xw_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                              -fno-sanitize-recover=undefined)
  target_link_options(xw_options INTERFACE -fsanitize=address,undefined)
endif()
