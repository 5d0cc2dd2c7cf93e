"""Generate every red-team case, run ``tremor analyze`` on it (one process at a time) and print
what check.py finds. ``PYTHONPATH=$PWD nice -n 10 python3 benchmarks/redteam/run.py OUTDIR [NAME ...]``
from the repository root; OUTDIR gets each case's CSV, truth, JSON, HTML and terminal text.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: generator arguments (scenario, seed and options)
CASES: dict[str, str] = {
    **{f"fatigue_holds_{s}": f"fatigue_holds --seed {s}" for s in (1, 6, 7, 8)},
    **{f"fatigue_holds_200hz_{s}": f"fatigue_holds --seed {s} --fs 200" for s in (5, 6, 7, 8)},
    **{
        f"fatigue_holds_{fs}hz_jitter": f"fatigue_holds --seed 5 --fs {fs} --jitter-ms {j}"
        " --dropouts 30:0.3,130:1.5,250:4"
        for fs, j in ((25, 3), (50, 3), (100, 2), (200, 1))
    },
    "fatigue_holds_typing_3": "fatigue_holds --seed 3 --extras typing",
    "fatigue_holds_knocks_4": "fatigue_holds --seed 4 --extras knocks",
    **{f"curls_{s}": f"curls --seed {s}" for s in (1, 2, 3, 4)},
    **{
        f"curls_a{a}_f{f}": f"curls --seed 7 --extras amp:{a},f:{f}"
        for a in (60, 90, 110)
        for f in (0.35, 0.5, 0.7)
    },
    **{f"curls_lift_f{f}": f"curls --seed 7 --extras amp:110,f:{f},lift:0.35" for f in (0.33, 0.5, 0.7)},
    **{f"loose_strap_{s}": f"loose_strap --seed {s}" for s in (1, 2)},
    **{f"vehicle_{s}": f"vehicle --seed {s}" for s in (1, 2, 3, 4, 5)},
    "vehicle_bw6_1": "vehicle --seed 1 --extras bw:6",
    **{f"cycling_{s}": f"cycling --seed {s}" for s in (1, 2, 3, 4, 5)},
    **{f"cycling_nobar_{s}": f"cycling --seed {s} --extras nobar" for s in (1, 2)},
    **{f"rowing_{s}": f"rowing --seed {s}" for s in (1, 2, 3)},
    **{f"typing_{s}": f"typing --seed {s}" for s in (1, 2)},
    "typing_200hz_3": "typing --seed 3 --fs 200",
    **{f"knocks_{s}": f"knocks --seed {s}" for s in (1, 2, 3)},
    "knocks_200hz_4": "knocks --seed 4 --fs 200",
    **{f"watch_slip_{s}": f"watch_slip --seed {s}" for s in (1, 2)},
    **{f"saturation_{s}": f"saturation --seed {s}" for s in (1, 2)},
    "saturation_4g_3": "saturation --seed 3 --extras 4g",
    **{f"twitches_rest_{s}": f"twitches_rest --seed {s}" for s in (1, 2)},
    "twitches_rest_200hz_3": "twitches_rest --seed 3 --fs 200",
    # round two (h-red2): walking/running between sets, a phone in a pocket, planks, a bench press
    **{f"walk_sets_{s}": f"walk_sets --seed {s}" for s in (1, 2, 3)},
    **{f"walk_soft_{s}": f"walk_sets --seed {s} --extras soft" for s in (1, 2)},
    **{f"run_sets_{s}": f"walk_sets --seed {s} --extras run" for s in (1, 2)},
    **{f"pocket_{s}": f"pocket --seed {s}" for s in (1, 2, 3)},
    **{f"pushups_{s}": f"pushups --seed {s}" for s in (1, 2, 3)},
    "pushups_200hz_4": "pushups --seed 4 --fs 200",
    **{f"bench_{s}": f"bench --seed {s}" for s in (1, 2, 3)},
    "bench_fatigue_1": "bench --seed 1 --extras fatigue",
    "walk_still30_1": "walk_sets --seed 1 --extras still:30",
    "long_holds_1": "fatigue_holds --seed 1 --extras hold:90,rest:30",
    "long_holds_2": "fatigue_holds --seed 2 --extras hold:90,rest:30",
    "bench_nowhip_1": "bench --seed 1 --extras nowhip",
    "bench_nowhip_fatigue_1": "bench --seed 1 --extras nowhip,fatigue",
    "bench_noclank_1": "bench --seed 1 --extras noclank",
    "bench_nowhip_noclank_1": "bench --seed 1 --extras nowhip,noclank",
    "bench_noclank_fatigue_1": "bench --seed 1 --extras noclank,fatigue",
    **{
        f"bench_nowhip_clank{c}_{s}": f"bench --seed {s} --extras nowhip,clank:{c}"
        for c in (1, 3)
        for s in (1, 3)
    },
    **{f"walk_sets_{fs}hz_1": f"walk_sets --seed 1 --fs {fs}" for fs in (50, 200)},
    # round three (h-red3): treadmill, dropouts inside sets, twitch clusters and faint twitches, a true
    # rest tremor, vigorous sets, slow eccentrics at the 6 Hz edge, a massage gun, other file layouts
    **{f"treadmill_{s}": f"treadmill --seed {s}" for s in (1, 2, 3)},
    **{f"treadmill_rails_{s}": f"treadmill --seed {s} --extras rails" for s in (1, 2, 3)},
    "treadmill_rails_200hz_4": "treadmill --seed 4 --fs 200 --extras rails",
    **{
        f"holds_setgaps_{fs}hz_{s}": f"fatigue_holds --seed {s} --fs {fs} --jitter-ms 1"
        " --dropouts 68:0.05,84:0.4,171:1,187:2,268:0.2,291:1.5"
        for fs, s in ((100, 1), (100, 6), (200, 5), (50, 5))
    },
    **{f"twitch_clusters_{s}": f"twitch_clusters --seed {s}" for s in (1, 2)},
    "twitch_clusters_200hz_3": "twitch_clusters --seed 3 --fs 200",
    **{f"twitch_faint_{s}": f"twitch_clusters --seed {s} --extras faint" for s in (1, 2)},
    **{f"twitch_faint_200hz_{s}": f"twitch_clusters --seed {s} --fs 200 --extras faint" for s in (3, 4)},
    **{f"rest_tremor_{s}": f"rest_tremor --seed {s}" for s in (1, 2, 3)},
    **{f"rest_tremor_weak_{s}": f"rest_tremor --seed {s} --extras amp:0.02-0.05" for s in (1, 2)},
    "rest_tremor_200hz_4": "rest_tremor --seed 4 --fs 200",
    "rest_tremor_50hz_5": "rest_tremor --seed 5 --fs 50",
    **{f"vigorous_{s}": f"vigorous --seed {s}" for s in (1, 2, 3)},
    "vigorous_200hz_4": "vigorous --seed 4 --fs 200",
    **{f"eccentric_{s}": f"eccentric --seed {s}" for s in (1, 2, 3)},
    "eccentric_low_1": "eccentric --seed 1 --extras f0:6.4,f1:5.6",
    "eccentric_high_1": "eccentric --seed 1 --extras f0:7.0,f1:6.3",
    **{f"massage_gun_{s}": f"massage_gun --seed {s}" for s in (1, 2)},
    **{f"massage_gun_alias_{s}": f"massage_gun --seed {s} --extras alias" for s in (1, 2, 3)},
    **{
        f"dialect_{d}_1": f"fatigue_holds --seed 1 --dialect {d}"
        for d in (
            "generic",
            "generic_g",
            "generic_linear",
            "phyphox_linear",
            "phyphox_g",
            "sl_watch",
            "sl_phone",
        )
    },
    **{
        f"dialect_rest_tremor_{d}_1": f"rest_tremor --seed 1 --dialect {d}"
        for d in ("sl_watch", "phyphox_linear")
    },
    # round three follow-ups (FINDINGS.md R3-1 .. R3-7)
    **{f"rowing_snap_{s}": f"vigorous --seed {s} --extras row:0.45" for s in (1, 2, 3, 4, 5, 6, 10, 11, 12)},
    **{f"rowing_snap{x}_3": f"vigorous --seed 3 --extras row:0.45,snap:{x}" for x in (0, 0.3, 0.5)},
    **{f"massage_gun_alias_{s}": f"massage_gun --seed {s} --extras alias" for s in (4, 5, 6, 7)},
    "massage_gun_alias_f50.5_1": "massage_gun --seed 1 --extras alias,f:50.5",
    **{f"rest_tremor_{s}": f"rest_tremor --seed {s}" for s in (6, 7, 8, 9)},
    **{
        f"holds_ble_burst_{fs}hz_{s}": f"fatigue_holds --seed {s} --fs {fs} --jitter-ms {j} --dropouts "
        "162:0.05,163.1:0.1,164:0.05,166.3:0.2,168:0.05,169:0.3,171.5:0.05,173:0.1,175:0.5,177:0.05,"
        "178.2:0.15,180:0.05,182:0.8,184.5:0.05,186:0.1,188:0.05,190:1.2,193:0.05,195:0.3,197:0.05"
        for fs, s, j in ((100, 1, 2), (200, 5, 1))
    },
    "holds_gap_edges_1": "fatigue_holds --seed 1 --dropouts 60.5:1.5,98.5:1.2,161:2.5",
    **{f"eccentric_{s}": f"eccentric --seed {s}" for s in (4, 5)},
    "eccentric_200hz_6": "eccentric --seed 6 --fs 200",
    **{f"shiver_{s}": f"shiver --seed {s}" for s in (1, 2, 4)},
    "shiver_200hz_3": "shiver --seed 3 --fs 200",
    **{f"rest_tremor_posture_{s}": f"rest_tremor --seed {s} --extras posture" for s in (1, 2, 3)},
    "rest_tremor_posture_200hz_4": "rest_tremor --seed 4 --fs 200 --extras posture",
    **{f"rest_tremor_steady_{s}": f"rest_tremor --seed {s} --extras steady" for s in (1, 2, 3)},
    "rest_tremor_posture_steady_1": "rest_tremor --seed 1 --extras posture,steady",
    "phone_buzz_1": "phone_buzz --seed 1 --extras alias,lra:195",
    "phone_buzz_2": "phone_buzz --seed 2 --extras alias,lra:190",
    "phone_buzz_200hz_3": "phone_buzz --seed 3 --fs 200 --extras alias,lra:205",
    "phone_buzz_4": "phone_buzz --seed 4 --extras alias",
    "phone_buzz_200hz_5": "phone_buzz --seed 5 --fs 200 --extras alias",
    # round four (h-red4): FINDINGS.md R4-1 .. R4-9 and what held
    **{f"trainer_{s}": f"trainer --seed {s}" for s in (41, 42, 43)},
    "trainer_200hz_44": "trainer --seed 44 --fs 200",
    "trainer_50hz_45": "trainer --seed 45 --fs 50",
    "trainer_pull0_41": "trainer --seed 41 --extras pull:0",
    "trainer_nowheel_41": "trainer --seed 41 --extras nowheel",
    "trainer_nowheel_pull0_41": "trainer --seed 41 --extras nowheel,pull:0",
    **{f"eccentric_{s}": f"eccentric --seed {s}" for s in (51, 52, 53)},
    **{
        f"drift_session_lo{lo}_{s}": f"drift_session --seed {s} --extras lo:{lo}"
        for lo in (6.0, 6.5)
        for s in (44, 45)
    },
    **{f"mid_start_{s}": f"mid_start --seed {s}" for s in (41, 42, 43)},
    "mid_start_cut35_41": "mid_start --seed 41 --extras cut:35",
    **{f"drive_between_{s}": f"drive_between --seed {s}" for s in (41, 42, 43)},
    "drive_between_noshimmy_41": "drive_between --seed 41 --extras noshimmy",
    **{f"drive_between_bus_{s}": f"drive_between --seed {s} --extras bus" for s in (41, 42)},
    **{f"pocket_holds_{s}": f"pocket_holds --seed {s}" for s in (41, 42)},
    "pocket_holds_nobounce_41": "pocket_holds --seed 41 --extras nobounce",
    **{f"pocket_holds_wrist_{s}": f"pocket_holds --seed {s} --extras wrist" for s in (41, 42)},
    **{f"ice_bath_{s}": f"ice_bath --seed {s}" for s in (41, 42, 43)},
    **{f"strap_slip_{s}": f"strap_slip --seed {s}" for s in (41, 42)},
    "strap_slip_creep_41": "strap_slip --seed 41 --extras creep",
    "strap_slip_small_41": "strap_slip --seed 41 --extras deg:10-20",
    "long_rests_41": "long_rests --seed 41",
    **{f"run_holds_{s}": f"run_holds --seed {s}" for s in (41, 42)},
    **{f"snap_sets_200hz_{s}": f"snap_sets --seed {s} --fs 200" for s in (42, 43)},
    **{f"weak_fatigue_{s}": f"weak_fatigue --seed {s}" for s in (41, 42)},
    "weak_fatigue_steady_41": "weak_fatigue --seed 41 --extras top:0.004",
    **{f"rewear_{s}": f"rewear --seed {s}" for s in (41, 42)},
    "rewear_turn0_41": "rewear --seed 41 --extras turn:0",
    "mid_start_curls_41": "mid_start --seed 41 --extras curls",
    **{f"stand_start_{s}": f"stand_start --seed {s}" for s in (41, 42)},
    "stand_start_s15_44": "stand_start --seed 44 --extras stand:15",
    "stand_start_hangrest_41": "stand_start --seed 41 --extras stand:0,hangrest",
    # round five (h-red5, gen_r5.py): FINDINGS.md "new scenarios (h-red5)"
    **{f"hangboard_{s}": f"hangboard --seed {s}" for s in (1, 2, 3)},
    "hangboard_50hz_4": "hangboard --seed 4 --fs 50",
    "hangboard_200hz_5": "hangboard --seed 5 --fs 200",
    "hangboard_noshake_1": "hangboard --seed 1 --extras noshake",
    "hangboard_drop_2": "hangboard --seed 2 --extras drop",
    **{
        f"hangboard_calm_{fs}hz_71": f"hangboard --seed 71 --fs {fs} --extras calm,noshake"
        for fs in (50, 100, 200)
    },
    **{f"hangboard_shake{x}_11": f"hangboard --seed 11 --extras shake:{x}" for x in (0.2, 0.4)},
    **{f"heavy_bag_{s}": f"heavy_bag --seed {s}" for s in (1, 2, 3)},
    "heavy_bag_50hz_4": "heavy_bag --seed 4 --fs 50",
    "heavy_bag_200hz_5": "heavy_bag --seed 5 --fs 200",
    "heavy_bag_16g_1": "heavy_bag --seed 1 --extras 16g",
    "heavy_bag_noshake_21": "heavy_bag --seed 21 --extras shake:0",
    **{f"yoga_{s}": f"yoga --seed {s}" for s in (1, 2, 3)},
    "yoga_50hz_4": "yoga --seed 4 --fs 50",
    "yoga_200hz_5": "yoga --seed 5 --fs 200",
    **{f"sleep_{s}": f"sleep --seed {s}" for s in (1, 2, 3)},
    "sleep_50hz_4": "sleep --seed 4 --fs 50",
    "sleep_200hz_5": "sleep --seed 5 --fs 200",
    "sleep_bcg3_1": "sleep --seed 1 --extras bcg:3",
    **{f"logbook_{s}": f"logbook --seed {s}" for s in (1, 2, 3)},
    "logbook_50hz_4": "logbook --seed 4 --fs 50",
    "logbook_200hz_5": "logbook --seed 5 --fs 200",
    **{f"logbook_noshift_amp{a}_11": f"logbook --seed 11 --extras noshift,amp:{a}" for a in (0.5, 1)},
    **{f"logbook_clap_{s}": f"logbook --seed {s} --extras clap" for s in (1, 2)},
    "logbook_clap_200hz_3": "logbook --seed 3 --fs 200 --extras clap",
    **{
        f"toothbrush_manual_{fs}hz_32": f"toothbrush --seed 32 --fs {fs} --extras manual"
        for fs in (50, 100, 200)
    },
    **{
        f"toothbrush_rotary_alias_50hz_{s}": f"toothbrush --seed {s} --fs 50 --extras alias,rotary"
        for s in (41, 42, 43)
    },
    "toothbrush_rotary_alias_100hz_44": "toothbrush --seed 44 --fs 100 --extras alias,rotary",
    **{f"toothbrush_alias_50hz_{s}": f"toothbrush --seed {s} --fs 50 --extras alias" for s in (31, 35)},
    "toothbrush_alias_jit5e-4_50hz_45": "toothbrush --seed 45 --fs 50 --extras alias,jit:0.0005",
    **{f"chest_rest_{fs}hz_51": f"chest_rest --seed 51 --fs {fs}" for fs in (50, 100, 200)},
    "chest_rest_scg0.5_53": "chest_rest --seed 53 --extras scg:0.5",
    **{f"chest_holds_{s}": f"chest_rest --seed {s} --extras holds" for s in (61, 62)},
    "chest_holds_200hz_63": "chest_rest --seed 63 --fs 200 --extras holds",
    "chest_holds_50hz_64": "chest_rest --seed 64 --fs 50 --extras holds",
    **{f"thigh_rest_{fs}hz_81": f"thigh_rest --seed 81 --fs {fs}" for fs in (50, 100, 200)},
    **{f"thigh_rest_noknock_{s}": f"thigh_rest --seed {s} --extras noknock" for s in (81, 82, 83)},
    "thigh_rest_noknock_200hz_84": "thigh_rest --seed 84 --fs 200 --extras noknock",
    # round six (h-red6, gen_r6.py): FINDINGS.md "new scenarios (h-red6)"
    **{f"caffeine_{fs}hz_{s}": f"caffeine --seed {s} --fs {fs}" for fs in (50, 100, 200) for s in (1, 2)},
    **{
        f"caffeine_fatigue_{fs}hz_1": f"caffeine --seed 1 --fs {fs} --extras fatigue" for fs in (50, 100, 200)
    },
    **{f"chores_chop_{fs}hz_1": f"chores --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"chores_whisk_{fs}hz_1": f"chores --seed 1 --fs {fs} --extras whisk" for fs in (50, 100, 200)},
    **{f"chores_holds_{s}": f"chores --seed {s} --extras holds" for s in (1, 2)},
    "chores_holds_whisk_3": "chores --seed 3 --extras holds,whisk",
    "chores_hammer_1": "chores --seed 1 --extras hammer",
    **{f"vibe_plate_{fs}hz_1": f"vibe_plate --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{
        f"vibe_plate_alias_{fs}hz_{s}": f"vibe_plate --seed {s} --fs {fs} --extras alias"
        for fs in (50, 100)
        for s in (1, 2)
    },
    "vibe_plate_alias_f45_50hz_3": "vibe_plate --seed 3 --fs 50 --extras alias,f:45",
    **{
        f"vibe_plate_fatigue_{fs}hz_1": f"vibe_plate --seed 1 --fs {fs} --extras fatigue"
        for fs in (50, 100, 200)
    },
    **{f"guitar_{s}": f"guitar --seed {s}" for s in (1, 2)},
    **{f"guitar_tremolo_{fs}hz_1": f"guitar --seed 1 --fs {fs} --extras tremolo" for fs in (50, 100, 200)},
    **{f"mower_{fs}hz_1": f"mower --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"mower_alias_{fs}hz_2": f"mower --seed 2 --fs {fs} --extras alias" for fs in (50, 100)},
    **{f"dribble_{fs}hz_1": f"dribble --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"shaker_{fs}hz_{s}": f"shaker --seed {s} --fs {fs}" for fs in (50, 100, 200) for s in (1, 2)},
    "shaker_short_1": "shaker --seed 1 --extras dur:5-9",
    **{f"caffeine_amp{a}_1": f"caffeine --seed 1 --extras amp:{a}" for a in (0.5, 2)},
    **{f"farmer_{fs}hz_1": f"farmer --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"farmer_fatigue_{fs}hz_1": f"farmer --seed 1 --fs {fs} --extras fatigue" for fs in (50, 100, 200)},
    **{f"chores_chop_f{f}_pure_7": f"chores --seed 7 --extras f:{f},h2:0,hit:0" for f in (3, 4)},
    # round seven (h-red7, gen_r7.py): FINDINGS.md "new scenarios (h-red7)"
    **{f"swim_kick_{fs}hz_1": f"swim --seed 1 --fs {fs} --extras kick" for fs in (50, 100, 200)},
    **{f"swim_{fs}hz_1": f"swim --seed 1 --fs {fs}" for fs in (50, 100)},
    **{f"drill_{fs}hz_1": f"drill --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"gamepad_{fs}hz_1": f"gamepad --seed 1 --fs {fs}" for fs in (50, 100)},
    "gamepad_norumble_3": "gamepad --seed 3 --extras norumble",
    **{f"dog_lead_{fs}hz_3": f"dog_lead --seed 3 --fs {fs}" for fs in (50, 100)},
    "dog_lead_nopant_2": "dog_lead --seed 2 --extras nopant",
    "piano_norot_3": "piano --seed 3 --extras norot",
    "piano_50hz_2": "piano --seed 2 --fs 50",
    "drums_1": "drums --seed 1",
    **{f"true_r7_{x}_1": f"true_r7 --seed 1 --extras {x}" for x in ("noisy", "pairs", "drop")},
    **{f"escooter_{fs}hz_1": f"escooter --seed 1 --fs {fs}" for fs in (50, 100)},
    # round eight (h-red8, gen_r8.py): FINDINGS.md "Red team round eight"
    **{f"spin_bike_{fs}hz_13": f"spin_bike --seed 13 --fs {fs}" for fs in (50, 100, 200)},
    **{
        f"clock_{x}_{fs}hz_1": f"clock --seed 1 --fs {fs} --extras {x}"
        for x in ("fwd", "rate")
        for fs in (50, 100)
    },
    "clock_jump_1": "clock --seed 1",
    **{f"essential_{fs}hz_1": f"essential --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    "essential_reps_1": "essential --seed 1 --extras reps",
    **{f"pd_walk_{fs}hz_1": f"pd_walk --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    **{f"coarse_adc_{fs}hz_1": f"coarse_adc --seed 1 --fs {fs}" for fs in (50, 100)},
    **{
        f"coarse_adc_10bit_{fs}hz_1": f"coarse_adc --seed 1 --fs {fs} --extras lsb:0.153" for fs in (100, 200)
    },
    **{f"calm_holds_{fs}hz_1": f"calm_holds --seed 1 --fs {fs}" for fs in (50, 100)},
    **{f"max_hangs_{fs}hz_1": f"max_hangs --seed 1 --fs {fs}" for fs in (50, 100, 200)},
    # round nine (h-red9, gen_r9.py): FINDINGS.md "Red team round nine"
    **{f"jigsaw_50hz_{s}": f"clipper --seed {s} --fs 50 --extras jigsaw" for s in (11, 12, 14)},
    "jigsaw_100hz_11": "clipper --seed 11 --fs 100 --extras jigsaw",
    **{f"clipper_{fs}hz_11": f"clipper --seed 11 --fs {fs}" for fs in (50, 100)},
    "stamps_fifo_fine_100hz_1": "stamps --seed 1 --fs 100 --extras fifo:2,fine,spread:1",
    "stamps_fifo_lock_100hz_11": "stamps --seed 11 --fs 100 --extras fifo:10,fine,lock:30",
    "stamps_fifo_ms_100hz_1": "stamps --seed 1 --fs 100 --extras fifo",
    **{
        f"stamps_{x}_{fs}hz_11": f"stamps --seed 11 --fs {fs} --extras {x}"
        for x in ("ms", "dup")
        for fs in (50, 200)
    },
    **{f"stamps_f32_{fs}hz_11": f"stamps --seed 11 --fs {fs} --extras f32:30" for fs in (50, 200)},
    **{f"stamps_index_{fs}hz_11": f"stamps --seed 11 --fs {fs} --extras index" for fs in (100, 200)},
    **{f"wheelchair_{fs}hz_11": f"wheelchair --seed 11 --fs {fs}" for fs in (50, 100)},
    **{f"oly_{fs}hz_12": f"oly --seed 12 --fs {fs}" for fs in (100, 200)},
    **{f"climb_{fs}hz_12": f"climb --seed 12 --fs {fs}" for fs in (50, 200)},
}


def main() -> None:
    out = Path(sys.argv[1])
    names = sys.argv[2:] or list(CASES)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for name in names:
        csv = out / f"{name}.csv"
        subprocess.run(
            [sys.executable, str(HERE / "gen.py"), *CASES[name].split(), "--out", str(csv)], check=True
        )
        cmd = [sys.executable, "-m", "tremor", "analyze", str(csv), "--json", str(out / f"{name}.json")]
        cmd += ["--html", str(out / f"{name}.html"), "--force"]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env)
        (out / f"{name}.txt").write_text(r.stdout + r.stderr + f"rc={r.returncode}\n")
        print(f"== {name} (rc {r.returncode})", flush=True)
        if r.returncode == 0:
            subprocess.run(
                [
                    sys.executable,
                    str(HERE / "check.py"),
                    str(out / f"{name}.json"),
                    str(csv.with_suffix(".truth.json")),
                ]
            )
        else:
            print((r.stderr or r.stdout).strip()[:400])


if __name__ == "__main__":
    main()
