# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH ?= cpu
TORCH_VERSION ?= 2.13.0
SYSTEM_PACKAGES := libportaudio2 espeak-ng fonts-nanum libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-render-util0 libxcb-image0 libdbus-1-3 libfontconfig1
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: install system-deps mbrola run test lint format bench bundle clean

install: system-deps $(VENV)/.installed mbrola

# MBROLA + the hn1 Korean voice (training speech only; the app never needs it), unpacked into
# $(VENV)/mbrola without root and without changing the machine's package sources.
mbrola: $(VENV)/.installed
	@bash training/install_mbrola.sh $(VENV)/mbrola

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing system packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Missing system packages. Install them with:"; \
		echo "  sudo apt-get install -y $$missing"; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# torch first, from PyTorch's own index (CPU or CUDA build); its dependencies come from PyPI below.
	$(PY) -m pip install -q --no-deps --retries 0 --timeout 10 torch==$(TORCH_VERSION) \
		--index-url https://download.pytorch.org/whl/$(if $(filter cuda,$(TORCH)),cu128,cpu) \
		|| $(PY) -m pip install -q --no-deps torch==$(TORCH_VERSION)
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: install
	$(PY) -m app

test: install lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# The desktop bundle (PyInstaller, one folder): dist/SpeechFeedback/, from the CPU torch, then
# its self-test. build.spec refuses a CUDA torch; `make clean install` first if .venv has one.
bundle: install
	$(PY) -c "import PyInstaller" 2>/dev/null || $(PY) -m pip install -q pyinstaller
	$(PY) -m PyInstaller --noconfirm build.spec
	QT_QPA_PLATFORM=offscreen dist/SpeechFeedback/SpeechFeedback --self-test
	@du -sh dist/SpeechFeedback

clean:
	rm -rf $(VENV) build dist *.egg-info
