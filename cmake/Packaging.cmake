# Installation and the Debian package (scripts/package.sh; README.md, "Install as a service").
# The server and the outcome plugin are installed; the web dashboard's files and all SQL are
# compiled into them, so there is nothing else to install but the service's own files
# (packaging/).
#
#   /usr/bin/outcome-lrs                        the server and its commands
#   /usr/lib/outcome-lrs/liboutcomes.so         the outcome plugin
#   /usr/lib/outcome-lrs/first-start            the unit's first-start step (ExecStartPre)
#   /lib/systemd/system/outcome-lrs.service     the unit (Debian 12's place for units)
#   /etc/outcome-lrs/outcome-lrs.env            its settings (a conffile)
#   /usr/share/doc/outcome-lrs/README.md
#
# The maintainer scripts create the system user outcome-lrs and /var/lib/outcome-lrs.

# `make install` and cpack install what is built (scripts/package.sh builds only the two
# targets below), not the whole tree with its tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS outcome-lrs RUNTIME DESTINATION bin)
if(TARGET outcomes)
  install(TARGETS outcomes LIBRARY DESTINATION lib/outcome-lrs)
endif()
install(PROGRAMS packaging/first-start DESTINATION lib/outcome-lrs)
install(FILES packaging/outcome-lrs.service DESTINATION /lib/systemd/system)
install(FILES packaging/outcome-lrs.env DESTINATION /etc/outcome-lrs)
install(FILES README.md DESTINATION share/doc/outcome-lrs)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME outcome-lrs)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Outcome LRS maintainers <outcome-lrs@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "xAPI Learning Record Store linking learning to business outcomes")
set(CPACK_PACKAGE_DESCRIPTION
    "Outcome LRS serves xAPI 1.0.3 and 2.0.0 on SQLite or PostgreSQL, with an outcome plugin \
that tags statements to business outcomes and relates learning to KPIs. It runs as the \
systemd service outcome-lrs.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # outcome-lrs_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The libraries' packages come from dpkg-shlibdeps (dpkg-dev); the maintainer scripts need
# adduser (deb-systemd-helper is in init-system-helpers, which is essential).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/conffiles;${PROJECT_SOURCE_DIR}/packaging/postinst;${PROJECT_SOURCE_DIR}/packaging/prerm;${PROJECT_SOURCE_DIR}/packaging/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)

# The package's ctest check (tests/package/check_package.sh): made from this tree and examined,
# never installed. scripts/package-test.sh installs it, on a fresh Debian 12.
if(OUTCOME_LRS_BUILD_TESTS AND TARGET outcomes)
  add_test(NAME package_contents
    COMMAND bash "${PROJECT_SOURCE_DIR}/tests/package/check_package.sh" "${PROJECT_BINARY_DIR}")
  set_tests_properties(package_contents PROPERTIES TIMEOUT 180
    REQUIRED_FILES "$<TARGET_FILE:outcome-lrs>;$<TARGET_FILE:outcomes>")
endif()
