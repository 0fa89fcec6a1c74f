#pragma once
// Back-test of the projection: project an earlier dataset and compare with the enrolment observed
// later (docs/projection.md, "Back-test").
#include <xw/core/common/diagnostic.hpp>
#include <xw/core/projection/projection.hpp>

#include <string>
#include <vector>

namespace xw::core {

/// Enrolment observed in a town, stage and grade (0 = all grades of the stage) in one year.
struct ObservedEnrolment {
    int year = 0;
    std::string townCode;
    Stage stage = Stage::Primary;
    int grade = 0;
    double students = 0.0;
};

/// The enrolment of a dataset's schools per town × stage × grade in its base year, e.g. from a
/// later year's dataset to back-test a projection made from an earlier one.
[[nodiscard]] std::vector<ObservedEnrolment> observedEnrolment(const CityData& city);

struct BackTestRow {
    ObservedEnrolment observed;
    int yearsAhead = 0; ///< observed.year − the projection's first year
    double projectedRaw = 0.0;
    double projectedCalibrated = 0.0;
    double error = 0.0; ///< projectedCalibrated − observed.students
};

struct BackTestStageSummary {
    Stage stage = Stage::Primary;
    int rows = 0;
    double meanAbsoluteError = 0.0;        ///< students
    double meanAbsolutePercentError = 0.0; ///< over rows with observed > 0, percent
    double totalObserved = 0.0;
    double totalProjected = 0.0; ///< calibrated
};

struct BackTestResult {
    /// Why the back-test was not made (not made when not empty): severity Error, layer
    /// "backtest", featureId the town, births area or housing project the message names, field
    /// the stage code or norms key, year the year; each empty (0) when the message names none.
    /// The projection's own problems are among them, with this layer.
    std::vector<Diagnostic> errors;
    /// The back-test was made; something was skipped or assumed, including observations that
    /// could not be compared (featureId their town or district code, field their stage code when
    /// the grade is the problem, year their year): severity Warning.
    std::vector<Diagnostic> warnings;
    std::vector<BackTestRow> rows;
    std::vector<BackTestStageSummary> stages; ///< stages with at least one row, in stage order

    [[nodiscard]] bool ok() const { return errors.empty(); }
};

/// Projects `earlier` (its population and, for calibration, its schools) to the last observed
/// year and compares with `observed`. config.horizonYear is raised to the last observed year.
/// Stages recruited county-wide (StageNorms::catchment == District) are compared per district:
/// their observations are summed over the district's towns and the row's townCode is then the
/// district code.
[[nodiscard]] BackTestResult backTest(const CityData& earlier, const ProjectionConfig& config,
                                      const std::vector<ObservedEnrolment>& observed);

} // namespace xw::core
