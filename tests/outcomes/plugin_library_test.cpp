// The outcome plugin's library stays mapped once loaded (plugin/CMakeLists.txt links it
// -z nodelete). Its HTTP client requests (plugin/lti/jwks_client.cpp) leave objects whose code is
// in the plugin (pplx continuations, the requests' shared_ptr control blocks) to cpprestsdk's
// process-wide thread pool, which finishes and releases them a moment after the plugin has its
// answer; a dlclose in that moment (outcome-lrs unloads plugins when a command ends) made a pool
// thread jump into unmapped code. The end-to-end test "lti sync-roster refused at once ..."
// (tests/e2e/lti.test.js) shows the crash itself; this one pins the property that prevents it.
#include <dlfcn.h>
#include <gtest/gtest.h>

namespace {

TEST(OutcomePluginLibrary, StaysMappedAfterTheHostUnloadsIt) {
  void* handle = dlopen(OUTCOME_PLUGIN, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  ASSERT_NE(dlsym(handle, "outcome_lrs_plugin_create"), nullptr);
  ASSERT_EQ(dlclose(handle), 0) << dlerror();
  // RTLD_NOLOAD finds a library only while it is mapped.
  void* again = dlopen(OUTCOME_PLUGIN, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  EXPECT_NE(again, nullptr) << "dlclose unmapped " << OUTCOME_PLUGIN;
  if (again != nullptr) dlclose(again);
}

}  // namespace
