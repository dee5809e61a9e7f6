--[[
Meridian stage-in for Slurm's burst_buffer/lua plugin (Slurm 22.05 function signatures).

A job asks for its data at a site with one directive per line, before the first command of its
batch script:

    #!/bin/bash
    #BB_LUA meridian stage site=gpu-east prefix=/datasets/train/
    #BB_LUA meridian stage prefix=/datasets/val/ tag=split=val tier=nvme deadline=30m pin=12h wait=1h

Parameters (repeatable ones add up; the others, given twice, keep the last):
    site=SITE        site of the GPUs (required)
    prefix=PATH      logical path prefix to stage (repeatable)
    tag=KEY=VALUE    tag selector; files must carry all of them (repeatable)
    tier=TIER        preferred tier at the site
    deadline=TIME    when the files must be ready (default 30m)
    pin=TIME         keep the staged copies until then (default 24h; teardown releases them earlier)
    wait=DURATION    how long stage-in waits for READY (default 1h; keep it below StageInTimeout)
TIME is an ISO instant or a duration from now (30m, 2h); at least one prefix or tag is required.

What happens:
    submission   slurm_bb_job_process checks the directives (fast, no Meridian call); a bad one
                 rejects the job with the reason printed by sbatch.
    stage-in     slurm_bb_data_in runs `meridian stage create --id slurm-JOBID ... --wait WAIT`: the
                 job stays in BurstBufferStageIn until Meridian says READY, then Slurm schedules it.
                 FAILED, EXPIRED, a refused request (unknown site...) or an unreachable Meridian fail
                 the stage-in: Slurm holds the job with Meridian's reason in its Reason field
                 ("burst_buffer/lua: slurm_bb_data_in: meridian: ...").
    teardown     slurm_bb_job_teardown runs `meridian stage cancel slurm-JOBID` after the job ends
                 or is cancelled: the pins end and the copies return to normal policy.
    bbstat       `scontrol show bbstat` prints `meridian stage ls`.

Settings, from the environment of slurmctld, else from burst_buffer_meridian.conf beside this
file (KEY=VALUE lines, # comments):
    MERIDIAN_BIN     the meridian command (default: meridian on the PATH)
    MERIDIAN_URL     HTTP API of the running Meridian (default: the endpoints file of MERIDIAN_HOME)
    MERIDIAN_HOME    Meridian's state directory, for its endpoints file
    MERIDIAN_TOKEN   operator token, when the server wants one: only from slurmctld's environment
                     (meridian inherits it); never written on a command line
    MERIDIAN_TOKEN_FILE  else a file holding the token (readable by SlurmUser only); the shell reads
                     it into meridian's environment, so the token never appears in a process list

The stage-in and teardown functions run in slurmscriptd as SlurmUser; directive values come from
users, so they are checked against strict patterns and every argument is shell-quoted.
--]]

local SCRIPT_DIR = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./")
local SETTINGS_FILE = SCRIPT_DIR .. "burst_buffer_meridian.conf"
local DIRECTIVE = "meridian stage"

local function settings()
	local conf = {}
	local f = io.open(SETTINGS_FILE, "r")
	if f then
		for line in f:lines() do
			local key, value = line:match("^%s*([%w_]+)%s*=%s*(.-)%s*$")
			if key and not line:match("^%s*#") then
				conf[key] = value
			end
		end
		f:close()
	end
	local function get(key, default)
		local value = os.getenv(key)
		if value == nil or value == "" then
			value = conf[key]
		end
		if value == nil or value == "" then
			return default
		end
		return value
	end
	return {
		bin = get("MERIDIAN_BIN", "meridian"),
		url = get("MERIDIAN_URL", nil),
		home = get("MERIDIAN_HOME", nil),
		token_file = get("MERIDIAN_TOKEN_FILE", nil),
	}
end

-- One shell word, quoted.
local function quote(s)
	return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local PATTERNS = {
	site = "^[%w._-]+$",
	tier = "^[%a]+$",
	deadline = "^[%w:.+-]+$",
	pin = "^[%w:.+-]+$",
	wait = "^[%w]+$",
}

--[[
Reads the directives of a job script. Returns a request table
{site, tier, deadline, pin, wait, prefixes = {...}, tags = {...}}, or nil and the reason. Only the
comment block at the top counts, as for Slurm itself.
--]]
local function parse(job_script)
	local f, err = io.open(job_script, "r")
	if not f then
		return nil, "cannot read the job script: " .. tostring(err)
	end
	local request = { prefixes = {}, tags = {}, deadline = "30m", pin = "24h", wait = "1h" }
	local found = false
	local first = true
	for line in f:lines() do
		if not (first and line:match("^#!")) and not line:match("^#") and not line:match("^%s*$") then
			break
		end
		first = false
		local rest = line:match("^#BB_LUA%s+" .. DIRECTIVE .. "(.*)$")
		if rest then
			found = true
			for word in rest:gmatch("%S+") do
				local key, value = word:match("^([%a-]+)=(.+)$")
				if key == "prefix" then
					if not value:match("^/[^%c]*$") or value:match("/%.%.?/") or value:match("/%.%.?$") then
						f:close()
						return nil, "prefix=" .. value .. ": a logical path is absolute, without . or .. segments"
					end
					table.insert(request.prefixes, value)
				elseif key == "tag" then
					local k, v = value:match("^([%w._:-]+)=([^%c]+)$")
					if not k then
						f:close()
						return nil, "tag=" .. value .. ": give tag=KEY=VALUE"
					end
					table.insert(request.tags, k .. "=" .. v)
				elseif key and PATTERNS[key] then
					if not value:match(PATTERNS[key]) then
						f:close()
						return nil, key .. "=" .. value .. ": not a valid value"
					end
					request[key] = value
				else
					f:close()
					return nil, "unknown parameter '" .. word .. "' (site=, prefix=, tag=, tier=, deadline=, pin=, wait=)"
				end
			end
		end
	end
	f:close()
	if not found then
		return nil, "no '#BB_LUA " .. DIRECTIVE .. " ...' directive"
	end
	if not request.site then
		return nil, "site=SITE is required (the site of the GPUs)"
	end
	if #request.prefixes == 0 and #request.tags == 0 then
		return nil, "give at least one prefix=PATH or tag=KEY=VALUE"
	end
	return request
end

local function request_id(job_id)
	return "slurm-" .. job_id
end

-- Runs meridian with the given (already safe) arguments; returns its exit code and its output.
local function meridian(args)
	local s = settings()
	local command = {}
	-- a token in slurmctld's environment is inherited as it is; one in a file is read by the shell,
	-- so that neither appears on a command line (ps shows those to every user)
	if (os.getenv("MERIDIAN_TOKEN") or "") == "" and s.token_file then
		table.insert(command, "MERIDIAN_TOKEN=\"$(cat " .. quote(s.token_file) .. ")\"")
	end
	table.insert(command, quote(s.bin))
	for _, a in ipairs(args) do
		table.insert(command, quote(a))
	end
	if s.url then
		table.insert(command, "--url")
		table.insert(command, quote(s.url))
	end
	if s.home then
		table.insert(command, "--home")
		table.insert(command, quote(s.home))
	end
	-- Lua 5.1's popen cannot tell the exit code: the shell prints it last
	local p = io.popen(table.concat(command, " ") .. " </dev/null 2>&1; echo \"meridian-exit=$?\"")
	local output = p:read("*a")
	p:close()
	local code = tonumber(output:match("meridian%-exit=(%d+)%s*$")) or 127
	output = output:gsub("meridian%-exit=%d+%s*$", "")
	return code, output
end

-- The last non-empty line of a command's output, for a job's Reason.
local function last_line(output)
	local last = ""
	for line in output:gmatch("[^\n]+") do
		if line:match("%S") then
			last = line
		end
	end
	return last
end

-- A command's output on one line, for slurmctld's log.
local function one_line(output)
	return (output:gsub("%s*\n%s*", " | "):gsub(" | $", ""))
end

--[[
slurm_bb_job_process: on submission, synchronously (must be fast): checks the directives only.
--]]
function slurm_bb_job_process(job_script)
	local request, reason = parse(job_script)
	if not request then
		return slurm.ERROR, "meridian: " .. reason
	end
	return slurm.SUCCESS
end

-- No pools: Meridian, not Slurm, accounts for space at the site.
function slurm_bb_pools()
	return slurm.SUCCESS
end

function slurm_bb_setup(job_id, uid, gid, pool, bb_size, job_script)
	return slurm.SUCCESS
end

--[[
slurm_bb_data_in: asynchronous; the job waits in BurstBufferStageIn until this returns. Creates
the staging request and waits for READY.
--]]
function slurm_bb_data_in(job_id, job_script)
	local request, reason = parse(job_script)
	if not request then
		return slurm.ERROR, "meridian: " .. reason
	end
	local args = { "stage", "create", "--job", job_id, "--id", request_id(job_id), "--site", request.site,
		"--deadline", request.deadline, "--pin-until", request.pin, "--wait", request.wait }
	for _, prefix in ipairs(request.prefixes) do
		table.insert(args, "--prefix")
		table.insert(args, prefix)
	end
	for _, tag in ipairs(request.tags) do
		table.insert(args, "--tag")
		table.insert(args, tag)
	end
	if request.tier then
		table.insert(args, "--tier")
		table.insert(args, request.tier)
	end
	local code, output = meridian(args)
	slurm.log_info("meridian: stage-in of JobId=%s exited %d: %s", job_id, code, one_line(output))
	if code == 0 then
		return slurm.SUCCESS
	end
	local what = ({ [3] = "staging failed: ", [4] = "staging not READY within wait=" .. request.wait .. ": " })[code] or ""
	return slurm.ERROR, "meridian: " .. what .. last_line(output):gsub("^meridian: ", "")
end

--[[
slurm_bb_job_teardown: asynchronous, after the job ends or is cancelled (hurry is "true" then).
Releases the request and its pins; a request that is not open (never created, released already)
is nothing to do.
--]]
function slurm_bb_job_teardown(job_id, job_script, hurry)
	local code, output = meridian({ "stage", "cancel", request_id(job_id) })
	slurm.log_info("meridian: teardown of JobId=%s exited %d: %s", job_id, code, one_line(output))
	if code == 0 or output:match("no open staging request") then
		return slurm.SUCCESS
	end
	return slurm.ERROR, "meridian: " .. last_line(output):gsub("^meridian: ", "")
end

function slurm_bb_real_size(job_id)
	return slurm.SUCCESS
end

function slurm_bb_paths(job_id, job_script, path_file)
	return slurm.SUCCESS
end

function slurm_bb_pre_run(job_id, job_script)
	return slurm.SUCCESS
end

function slurm_bb_post_run(job_id, job_script)
	return slurm.SUCCESS
end

function slurm_bb_data_out(job_id, job_script)
	return slurm.SUCCESS
end

-- scontrol show bbstat: the open staging requests.
function slurm_bb_get_status(...)
	local code, output = meridian({ "stage", "ls" })
	if code ~= 0 then
		return slurm.ERROR, "meridian: " .. last_line(output)
	end
	return slurm.SUCCESS, output
end
