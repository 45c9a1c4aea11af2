# genrelab_add_test(NAME SOURCES ... [LIBS ...] [LABELS ...] [TIMEOUT s])
# One Qt Test executable registered with CTest, headless (offscreen platform).
# Each test gets a home of its own: ctest runs tests in parallel, and Qt's test mode puts
# every test's settings and data home under the same ~/.qttest, so one test clearing its
# runs folder deleted a run another test was training (CI failure in tst_trainworkspace).
function(genrelab_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE genrelab_testsupport Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set(home ${PROJECT_BINARY_DIR}/test-homes/${name})
    file(MAKE_DIRECTORY ${home})
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=*.debug=false;HOME=${home};XDG_DATA_HOME=${home}/.local/share;XDG_CONFIG_HOME=${home}/.config;XDG_CACHE_HOME=${home}/.cache")
endfunction()
