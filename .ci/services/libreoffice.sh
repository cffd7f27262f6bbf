# shellcheck shell=bash
# LibreOffice for the one print check (sourced by .ci/run): tests/reports/test_libreoffice.py converts
# each 调度表's XLSX to PDF headless and asserts one A4 page. Installed from the distribution's packages
# (libreoffice-calc-nogui: Calc without the GUI, the smallest package that converts XLSX to PDF).
# Exports HAZARDFLOW_REQUIRE_LIBREOFFICE=1 so that a missing soffice fails the test instead of skipping it.

if ! command -v soffice >/dev/null 2>&1; then
  echo "+ installing LibreOffice Calc (no GUI) from the distribution's packages"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui >/dev/null
  fi
fi
command -v soffice >/dev/null 2>&1 || { echo "libreoffice.sh: no soffice after installing LibreOffice" >&2; exit 1; }
echo "+ $(soffice --version)"
export HAZARDFLOW_REQUIRE_LIBREOFFICE=1
