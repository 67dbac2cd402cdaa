// A board's lock taken on its board host through the loopback sshd: a second
// lab host is refused (or waits its turn), and the lock never outlives its
// holder, even one whose ssh is killed.
#include <signal.h>

#include <chrono>
#include <future>

#include "boards/boards_test_util.h"
#include "boards/local_sshd.h"
#include "flash/remote_lock.h"

namespace hb::boardtest {
namespace {

using namespace std::chrono_literals;
using flash::RemoteLock;

class RemoteLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSshd)) GTEST_SKIP() << "openssh-server not installed (ci/setup.sh installs it)";
    if (!have_program("ssh") || !have_program("flock")) GTEST_SKIP() << "no ssh client or flock";
    sshd_ = std::make_unique<LocalSshd>(t_.path());
    if (!sshd_->error().empty()) GTEST_SKIP() << "cannot run a private sshd here: " << sshd_->error();
    lock_file_ = (t_.path() / "h747.lock").string();
  }
  flash::SshEndpoint host(const std::string& key = "user_key") const {
    flash::SshEndpoint e;
    e.host = user_name() + "@127.0.0.1";
    e.port = sshd_->port();
    e.options = loopback_ssh_options((t_.path() / key).string());
    return e;
  }
  // flock(1) run here on the same file: what a third party on the board host sees.
  bool free_on_board_host() const { return run_command({"flock", "-n", lock_file_, "true"}, 10s).exit_code == 0; }

  TempDir t_;
  std::unique_ptr<LocalSshd> sshd_;
  std::string lock_file_;
};

TEST_F(RemoteLockTest, SecondHolderIsRefusedThenGetsItOnceReleased) {
  auto a = std::make_unique<RemoteLock>("h747", host(), lock_file_);
  EXPECT_TRUE(a->held());
  EXPECT_FALSE(free_on_board_host());
  EXPECT_EQ(a->describe(), lock_file_ + " on " + user_name() + "@127.0.0.1");

  const std::string msg = error_of([&] { RemoteLock b("h747", host(), lock_file_); });
  EXPECT_EQ(msg, "board h747: in use: " + lock_file_ + " on " + user_name() + "@127.0.0.1 is held by another lab host");

  a->release();
  EXPECT_FALSE(a->held());
  EXPECT_TRUE(free_on_board_host());
  RemoteLock b("h747", host(), lock_file_);
  EXPECT_TRUE(b.held());
}

TEST_F(RemoteLockTest, AWaitingHolderGetsItWhenTheFirstLetsGo) {
  auto a = std::make_unique<RemoteLock>("h747", host(), lock_file_);
  auto waiter = std::async(std::launch::async, [&] {
    const auto t0 = std::chrono::steady_clock::now();
    RemoteLock b("h747", host(), lock_file_, 60s);
    return std::chrono::steady_clock::now() - t0;
  });
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(waiter.wait_for(0s), std::future_status::timeout);  // still waiting
  a.reset();                                                    // the destructor releases
  const auto waited = waiter.get();
  EXPECT_GE(waited, 1400ms);
  EXPECT_LT(waited, 50s);

  // A bounded wait that runs out says how long it waited.
  RemoteLock c("h747", host(), lock_file_);
  const std::string msg = error_of([&] { RemoteLock d("h747", host(), lock_file_, 1s); });
  EXPECT_NE(msg.find("is held by another lab host (waited 1 s)"), std::string::npos) << msg;
}

TEST_F(RemoteLockTest, KilledHolderLosesTheLock) {
  RemoteLock a("h747", host(), lock_file_);
  ASSERT_GT(a.ssh_pid(), 0);
  kill(a.ssh_pid(), SIGKILL);  // a lab host that died: no clean release
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!free_on_board_host() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(free_on_board_host());
  EXPECT_FALSE(a.held());
  RemoteLock b("h747", host(), lock_file_);
  EXPECT_TRUE(b.held());
}

TEST_F(RemoteLockTest, UnknownKeyIsAClearError) {
  const std::string msg = error_of([&] { RemoteLock a("h747", host("other_key"), lock_file_); });
  EXPECT_EQ(msg.rfind("board h747: cannot reach " + user_name() + "@127.0.0.1 over ssh: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("key login needed"), std::string::npos) << msg;
  EXPECT_TRUE(free_on_board_host());
}

}  // namespace
}  // namespace hb::boardtest
