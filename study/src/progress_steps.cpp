// The labels of the progress steps. See progress_steps.hpp.
#include <xw/study/progress_steps.hpp>

#include <map>

namespace xw::study {

std::string progressStepLabel(std::string_view step) {
    static const std::map<std::string, std::string, std::less<>> labels{
        {"balance", "学位供需与规划指标 Seat balance and indicators"},
        {"projection", "人口与需求预测 Projection"},
        {"demand_grid", "需求点格网 Demand grid"},
        {"road_distances", "道路距离 Road distances"},
        {"allocation", "学位分配 Allocation (每学段、每年 every stage and year)"},
        {"catchments", "服务范围 Catchments"},
        {"siting_problem", "选址问题 Siting problem"},
        {"siting_roads", "选址的道路距离 Road distances of the sites"},
        {"siting_current", "现方案目标 Objective of the scenario as it stands"},
        {"zoning_problem", "学区划分问题 Zoning problem"},
        {"zone_polygons", "学区图形 Zone polygons"},
        {"monte_carlo", "蒙特卡洛学位预警 Monte Carlo seat warnings"},
        {"load", "读取数据集 Loading datasets"},
        {"maps", "地图 Maps (maps/*.png)"},
        {"report", "报告 Report (report.pdf)"},
        {"backtest", "回测 Back-test"},
        {"export", "写出导出文件 Writing the export"}};
    const std::string_view key = step.substr(0, step.find(' '));
    const auto it = labels.find(key);
    return it != labels.end() ? it->second : std::string(step);
}

} // namespace xw::study
