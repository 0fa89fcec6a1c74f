// The viewer tests paint with QtGui, which needs a QGuiApplication; on the offscreen platform no
// display is needed (the test properties set QT_QPA_PLATFORM=offscreen too, this covers running
// the binary by hand and test discovery).
#include <QGuiApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
