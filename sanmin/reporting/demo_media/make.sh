#!/usr/bin/env bash
# Make the synthetic demo clips of the public reporting site (云述职).
#
# Everything is generated locally with ffmpeg: a coloured background, big Chinese
# text drawn with the Noto CJK font, and a sine tone. No real footage is used.
#
#   report.mp4 / interview.mp4    8 s, 640x360, H.264 baseline + AAC, faststart
#   live/index.m3u8 + live/*.ts   an HLS VOD stream of 2-s segments for the live page
#
# Run from anywhere: sanmin/reporting/demo_media/make.sh
set -euo pipefail
cd "$(dirname "$0")"

FONT=${FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc}
[ -f "$FONT" ] || { echo "font not found: $FONT (apt-get install fonts-noto-cjk)" >&2; exit 1; }
SECONDS_LONG=8
FF=(ffmpeg -hide_banner -loglevel error -y)

# $1 output stem, $2 background colour, $3 title, $4 subtitle, $5 tone Hz, $6 seconds
make_clip() {
    local out=$1 colour=$2 title=$3 subtitle=$4 tone=$5 length=$6
    local text="drawtext=fontfile=${FONT}:text='${title}':fontcolor=white:fontsize=46:x=(w-text_w)/2:y=(h-text_h)/2-36,"
    text+="drawtext=fontfile=${FONT}:text='${subtitle}':fontcolor=white@0.85:fontsize=24:x=(w-text_w)/2:y=(h/2)+34,"
    text+="drawtext=fontfile=${FONT}:text='%{eif\:t\:d}s':fontcolor=white@0.8:fontsize=22:x=w-text_w-24:y=h-text_h-18"
    local inputs=(-f lavfi -i "color=c=${colour}:s=640x360:r=25:d=${length}"
                  -f lavfi -i "sine=frequency=${tone}:sample_rate=44100:duration=${length}")
    "${FF[@]}" "${inputs[@]}" -vf "$text" \
        -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryslow \
        -crf 30 -g 50 -c:a aac -b:a 48k -ac 1 -movflags +faststart -shortest "${out}.mp4"
}

make_clip report "0xB3261E" "演示视频 · 述职报告" "合成画面，仅供平台演示" 440 "$SECONDS_LONG"
make_clip interview "0x1F4E8C" "演示视频 · 局长访谈" "合成画面，仅供平台演示" 660 "$SECONDS_LONG"

# The live stream: an HLS VOD playlist of 2-s MPEG-TS segments.
rm -rf live && mkdir live
"${FF[@]}" -f lavfi -i "color=c=0x2E5E3A:s=640x360:r=25:d=8" \
    -f lavfi -i "sine=frequency=550:sample_rate=44100:duration=8" \
    -vf "drawtext=fontfile=${FONT}:text='演示直播 · 云述职':fontcolor=white:fontsize=46:x=(w-text_w)/2:y=(h-text_h)/2-36,drawtext=fontfile=${FONT}:text='合成画面，仅供平台演示':fontcolor=white@0.85:fontsize=24:x=(w-text_w)/2:y=(h/2)+34,drawtext=fontfile=${FONT}:text='%{eif\:t\:d}s':fontcolor=white@0.8:fontsize=22:x=w-text_w-24:y=h-text_h-18" \
    -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryslow -crf 30 \
    -g 50 -keyint_min 50 -sc_threshold 0 -c:a aac -b:a 48k -ac 1 -shortest \
    -f hls -hls_time 2 -hls_list_size 0 -hls_playlist_type vod \
    -hls_segment_filename 'live/segment-%03d.ts' live/index.m3u8

ls -l ./*.mp4 live/
