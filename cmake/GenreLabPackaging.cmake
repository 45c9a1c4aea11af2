# What `cmake --install` puts on a user's machine, and the Debian package CPack makes of
# it (`cpack -G DEB` in the build folder). Only what users need: the two executables,
# the two modules they load on demand (app/CMakeLists.txt: lib/genrelab), the
# desktop entry, the icon, AppStream metadata and the CLI's man page. No libraries
# (genrelab_base, genrelab_core and genrelab_ui are static), headers or tests.
include(GNUInstallDirs)

set(GENRELAB_APP_ID org.genrelab.GenreLab)
install(FILES ${PROJECT_SOURCE_DIR}/resources/${GENRELAB_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/${GENRELAB_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/genrelab.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# Debian policy wants man pages gzipped, reproducibly (-n: no name or time stamp).
set(GENRELAB_MAN_GZ ${PROJECT_BINARY_DIR}/genrelab-cli.1.gz)
add_custom_command(OUTPUT ${GENRELAB_MAN_GZ}
    COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/packaging/genrelab-cli.1 > ${GENRELAB_MAN_GZ}
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/genrelab-cli.1 VERBATIM)
add_custom_target(genrelab_manpage ALL DEPENDS ${GENRELAB_MAN_GZ})
install(FILES ${GENRELAB_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME genrelab)
set(CPACK_PACKAGE_VENDOR "The GenreLab developers")
set(CPACK_PACKAGE_CONTACT "The GenreLab developers <genrelab@genrelab.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "GenreLab lets students explore music-genre classification: mel-spectrograms you can\n"
    "see and hear, CRNN training with live curves, a confusion matrix down to the confused\n"
    "snippets, model bundles, PyTorch export and HTML/PDF reports. genrelab-cli does the\n"
    "same without a display.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# Shared libraries the executables link are found by dpkg-shlibdeps (Debian names with
# versions); what is loaded at run time without linking is listed by hand: Qt's
# platform and SQLite plugins, GStreamer's plugins for playback, the demo's SoundFont.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qt6-qpa-plugins, libqt6sql6-sqlite, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good, gstreamer1.0-libav, libopenblas0-openmp | libopenblas0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "timgm6mb-soundfont")
include(CPack)
