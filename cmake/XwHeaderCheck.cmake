# xw_check_headers(TARGET LIBRARY ... ): an object library that compiles every public header of
# the given libraries on its own (one translation unit per header, the header included twice to
# check its guard), as libosmium's BUILD_HEADERS does. A header that needs an include it does not
# make, or a declaration from elsewhere, fails the build. The headers are found by globbing the
# libraries' include folders: a checker must see every header, including one nobody lists.
function(xw_check_headers target)
  set(sources)
  foreach(lib IN LISTS ARGN)
    get_target_property(dirs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
    foreach(dir IN LISTS dirs)
      if(NOT dir MATCHES "^${PROJECT_SOURCE_DIR}")
        continue()
      endif()
      file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/*.hpp)
      foreach(h IN LISTS headers)
        string(MAKE_C_IDENTIFIER "${h}" name)
        set(tu ${CMAKE_CURRENT_BINARY_DIR}/header_check/${name}.cpp)
        file(CONFIGURE OUTPUT ${tu} CONTENT "#include <${h}>\n#include <${h}>\n")
        list(APPEND sources ${tu})
      endforeach()
    endforeach()
  endforeach()
  add_library(${target} OBJECT ${sources})
  target_link_libraries(${target} PRIVATE ${ARGN} Eigen3::Eigen xw_options)
endfunction()
