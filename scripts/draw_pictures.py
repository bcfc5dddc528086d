"""Draw the exercise pictures: `python scripts/draw_pictures.py` writes exercises/pictures/.

Every picture is the same figure (one set of body proportions, one stroke) posed from joint
angles, with the same few props (floor, mat, chair, counter, band, anchor), so the pictures
read as one calm set. Angles are in degrees in picture space: 0 points right, 90 points down,
-90 points up. A side-view figure faces right unless it is mirrored; "near" limbs are drawn in
the full colour, "far" limbs (the other side of the body) in a lighter tone behind.

The SVG carries its own colours (an <img> does not inherit the page's), with a dark-mode and a
print variant, and nothing else: no script, no text, no external reference. The manifest
(labels and alt text) is written beside the files as exercises/pictures/__init__.py.

Safety, checked by eye after every change: no pose bends the spine forward, twists, or extends
it to the end of its range. Leans and lifts stay small (see LEAN_BACK and LIFT).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "exercises" / "pictures"

WIDTH, HEIGHT = 320, 240
FLOOR = 214

# Body proportions (picture units), shared by every picture.
HEAD_R = 12
NECK = 9
TORSO = 60
UPPER_ARM = 30
FOREARM = 28
THIGH = 46
SHIN = 44
FOOT = 15
LIMB_W = 9  # stroke of arms and legs
TORSO_W = 17  # stroke of the trunk (side view)

# The only sizes of a movement the pictures show (degrees).
LEAN_BACK = 9  # standing back bend: a small, comfortable lean
LIFT = 7  # back extension: arm and leg a few centimetres off the mat

STYLE = (
    "<style>"
    ".bg{fill:#f3f6f8}"
    ".k{stroke:#f3f6f8;fill:none}"
    ".f{stroke:#14202b;fill:none}"
    ".h{fill:#14202b}"
    ".b{stroke:#8795a1;fill:none}"
    ".p{stroke:#5f6b75;fill:none}"
    ".pf{fill:#dfe5ea;stroke:#5f6b75}"
    ".m{fill:#c9d6e0;stroke:none}"
    ".a{stroke:#0b5394;fill:none}"
    ".ah{fill:#0b5394;stroke:none}"
    ".g{stroke:#8795a1;fill:none}"
    ".band{stroke:#0b7a5c;fill:none}"
    "@media (prefers-color-scheme:dark){"
    ".bg{fill:#1b242d}"
    ".k{stroke:#1b242d}"
    ".f{stroke:#f1f5f9}"
    ".h{fill:#f1f5f9}"
    ".b{stroke:#7f8c97}"
    ".p{stroke:#9aa7b3}"
    ".pf{fill:#2a3641;stroke:#9aa7b3}"
    ".m{fill:#33414d}"
    ".a{stroke:#8cc4ff}"
    ".ah{fill:#8cc4ff}"
    ".g{stroke:#7f8c97}"
    ".band{stroke:#6fdcb8}"
    "}"
    "@media print{"
    ".bg{fill:#fff}"
    ".k{stroke:#fff}"
    ".f{stroke:#000}"
    ".h{fill:#000}"
    ".b{stroke:#777}"
    ".p,.a,.g,.band{stroke:#000}"
    ".pf{fill:#fff;stroke:#000}"
    ".m{fill:#e6e6e6}"
    ".ah{fill:#000}"
    "}"
    "</style>"
)


def direction(angle: float) -> tuple[float, float]:
    rad = math.radians(angle)
    return math.cos(rad), math.sin(rad)


def step(point: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    dx, dy = direction(angle)
    return point[0] + dx * length, point[1] + dy * length


def reach(
    root: tuple[float, float], target: tuple[float, float], a: float, b: float, bend: int
) -> tuple[float, float]:
    """The middle joint of a two-part limb from root to target (elbow or knee); `bend` +1 or
    -1 picks the side it bends to. A target out of reach gives a straight limb towards it."""
    dx, dy = target[0] - root[0], target[1] - root[1]
    d = min(math.hypot(dx, dy), a + b - 0.01)
    base = math.degrees(math.atan2(dy, dx))
    cos_inner = max(-1.0, min(1.0, (a * a + d * d - b * b) / (2 * a * d)))
    return step(root, base + bend * math.degrees(math.acos(cos_inner)), a)


@dataclass
class Limb:
    """A limb from its root: upper part, lower part, and (legs) the foot; absolute angles.
    `to` (with `bend`) places the end of the limb exactly, e.g. a hand on a counter."""

    upper: float = 90
    lower: float = 90
    foot: float | None = None
    to: tuple[float, float] | None = None
    bend: int = 1

    def points(self, root, a, b):
        if self.to is not None:
            mid = reach(root, self.to, a, b, self.bend)
            end = self.to
        else:
            mid = step(root, self.upper, a)
            end = step(mid, self.lower, b)
        return [root, mid, end]


@dataclass
class Side:
    """A person seen from the side. `hip` is the root; the trunk rises at `torso`, the head
    continues at `neck`, and `face` is the way the face looks (a small nose shows it)."""

    hip: tuple[float, float]
    torso: float = -90
    neck: float | None = None
    face: float = 0
    shrug: float = 0
    head_shift: float = 0
    arm_near: Limb = field(default_factory=Limb)
    arm_far: Limb = field(default_factory=Limb)
    leg_near: Limb = field(default_factory=lambda: Limb(foot=0))
    leg_far: Limb = field(default_factory=lambda: Limb(foot=0))

    def shoulder(self):
        return step(self.hip, self.torso, TORSO)

    def arm_root(self):
        return step(self.hip, self.torso, TORSO + self.shrug)

    def head(self):
        neck = self.torso if self.neck is None else self.neck
        base = step(self.shoulder(), neck, NECK)
        centre = step(base, neck, HEAD_R)
        return (centre[0] + self.head_shift, centre[1]), base

    def svg(self) -> str:
        out = []
        arm_root = self.arm_root()
        out.append(limb_svg(self.leg_far.points(self.hip, THIGH, SHIN), "b", self.leg_far.foot))
        out.append(limb_svg(self.arm_far.points(arm_root, UPPER_ARM, FOREARM), "b", None))
        centre, base = self.head()
        shoulder = self.shoulder()
        out.append(
            f'<path class="f" d="M{p(self.hip)}L{p(shoulder)}" stroke-width="{TORSO_W}"'
            ' stroke-linecap="round" fill="none"/>'
        )
        out.append(
            f'<path class="f" d="M{p(shoulder)}L{p(base)}L{p(centre)}" stroke-width="{LIMB_W}"'
            ' stroke-linecap="round" fill="none"/>'
        )
        out.append(head_svg(centre, self.face, self.torso if self.neck is None else self.neck))
        out.append(limb_svg(self.leg_near.points(self.hip, THIGH, SHIN), "f", self.leg_near.foot))
        out.append(
            limb_svg(self.arm_near.points(arm_root, UPPER_ARM, FOREARM), "f", None, halo=True)
        )
        return "".join(out)

    def lowest(self) -> float:
        ys = [self.hip[1], self.shoulder()[1], self.head()[0][1] + HEAD_R]
        for limb, root, a, b in (
            (self.leg_near, self.hip, THIGH, SHIN),
            (self.leg_far, self.hip, THIGH, SHIN),
            (self.arm_near, self.arm_root(), UPPER_ARM, FOREARM),
            (self.arm_far, self.arm_root(), UPPER_ARM, FOREARM),
        ):
            pts = limb.points(root, a, b)
            ys += [pt[1] for pt in pts]
            if limb.foot is not None:
                ys.append(step(pts[-1], limb.foot, FOOT)[1])
        return max(ys)


@dataclass
class Front:
    """A person seen from the front (or, rotated, lying on their side facing us)."""

    hip: tuple[float, float]
    rotate: float = 0  # degrees about the hip
    arm_left: Limb = field(default_factory=lambda: Limb(upper=97, lower=92))
    arm_right: Limb = field(default_factory=lambda: Limb(upper=83, lower=88))
    leg_left: Limb = field(default_factory=lambda: Limb(upper=92, lower=90))
    leg_right: Limb = field(default_factory=lambda: Limb(upper=88, lower=90))

    def turn(self, point):
        x, y = point[0] - self.hip[0], point[1] - self.hip[1]
        c, s = math.cos(math.radians(self.rotate)), math.sin(math.radians(self.rotate))
        return self.hip[0] + x * c - y * s, self.hip[1] + x * s + y * c

    def untwist(self, point):
        """The point in the figure's own frame that `turn` takes to `point`."""
        x, y = point[0] - self.hip[0], point[1] - self.hip[1]
        c, s = math.cos(math.radians(-self.rotate)), math.sin(math.radians(-self.rotate))
        return self.hip[0] + x * c - y * s, self.hip[1] + x * s + y * c

    def svg(self) -> str:
        hx, hy = self.hip
        top = hy - TORSO
        body = [(hx - 15, top), (hx + 15, top), (hx + 11, hy), (hx - 11, hy)]
        shoulders = {"left": (hx - 15, top + 3), "right": (hx + 15, top + 3)}
        hips = {"left": (hx - 8, hy), "right": (hx + 8, hy)}
        head = (hx, top - NECK - HEAD_R)
        out = []
        for name, limb in (("left", self.leg_left), ("right", self.leg_right)):
            pts = [self.turn(pt) for pt in limb.points(hips[name], THIGH, SHIN)]
            out.append(limb_svg(pts, "f", None))
        trunk = "".join(("M" if i == 0 else "L") + p(self.turn(pt)) for i, pt in enumerate(body))
        out.append(f'<path class="f h" d="{trunk}Z" stroke-width="6" stroke-linejoin="round"/>')
        neck = [self.turn((hx, top)), self.turn((hx, top - NECK - 2))]
        out.append(
            f'<path class="f" d="M{p(neck[0])}L{p(neck[1])}" stroke-width="{LIMB_W}"'
            ' stroke-linecap="round" fill="none"/>'
        )
        c = self.turn(head)
        out.append(f'<circle class="h" cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{HEAD_R}"/>')
        # arms last: an arm across the chest is seen in front of it
        for name, limb in (("left", self.arm_left), ("right", self.arm_right)):
            pts = [self.turn(pt) for pt in limb.points(shoulders[name], UPPER_ARM, FOREARM)]
            out.append(limb_svg(pts, "f", None, halo=True))
        return "".join(out)


def p(point) -> str:
    return f"{point[0]:.1f} {point[1]:.1f}"


def limb_svg(points, cls: str, foot: float | None, halo: bool = False) -> str:
    """A limb as one rounded stroke; `halo` outlines it in the background colour so it reads
    where it crosses the body."""
    d = "M" + "L".join(p(pt) for pt in points)
    if foot is not None:
        d += "L" + p(step(points[-1], foot, FOOT))
    outline = (
        f'<path class="k" d="{d}" stroke-width="{LIMB_W + 5}" stroke-linecap="round"'
        ' stroke-linejoin="round"/>'
        if halo
        else ""
    )
    return outline + (
        f'<path class="{cls}" d="{d}" stroke-width="{LIMB_W}" stroke-linecap="round"'
        ' stroke-linejoin="round" fill="none"/>'
    )


def head_svg(centre, face: float, neck: float) -> str:
    """A round head; a small nose, a little below the eye line, shows where the face looks."""
    chin = neck + 180
    turn = ((chin - face + 180) % 360) - 180  # signed angle from the face to the chin
    nose = step(centre, face + (18 if turn > 0 else -18), HEAD_R)
    return (
        f'<circle class="h" cx="{centre[0]:.1f}" cy="{centre[1]:.1f}" r="{HEAD_R}"/>'
        f'<circle class="h" cx="{nose[0]:.1f}" cy="{nose[1]:.1f}" r="3.5"/>'
    )


def grounded(figure: Side, on: float = FLOOR) -> Side:
    """The same figure moved up or down so its feet rest on `on` (targets given with `to`
    are places in the picture and stay where they are)."""
    ys = []
    for limb in (figure.leg_near, figure.leg_far):
        pts = limb.points(figure.hip, THIGH, SHIN)
        ys += [pt[1] for pt in pts]
        if limb.foot is not None:
            ys.append(step(pts[-1], limb.foot, FOOT)[1])
    lowest = max(ys) + LIMB_W / 2
    return replace(figure, hip=(figure.hip[0], figure.hip[1] + on - lowest))


# Props -----------------------------------------------------------------------------------


def floor() -> str:
    return f'<path class="p" d="M12 {FLOOR}H308" stroke-width="3" stroke-linecap="round"/>'


def mat(x0: float, x1: float) -> str:
    return f'<rect class="m" x="{x0}" y="{FLOOR - 5}" width="{x1 - x0}" height="6" rx="3"/>'


SEAT = FLOOR - SHIN - 8  # a chair seat puts the thighs level with the feet flat on the floor


def chair(x: float, facing: int = 1) -> str:
    """A sturdy chair seen from the side; its seat runs from x forwards (facing +1 right)."""
    depth, back = 46, 62
    front = x + facing * depth
    back_top = SEAT - back
    return (
        f'<path class="p" d="M{x} {FLOOR}V{back_top}M{x} {SEAT}H{front}V{FLOOR}"'
        ' stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def chair_front(x: float) -> str:
    """A sturdy chair seen from the side with its seat towards -x: held from in front."""
    depth, back = 46, 62
    return (
        f'<path class="p" d="M{x} {FLOOR}V{SEAT - back}M{x} {SEAT}H{x - depth}V{FLOOR}"'
        ' stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>'
    )


COUNTER_TOP = FLOOR - 100


def counter(x0: float, x1: float) -> str:
    return (
        f'<rect class="pf" x="{x0}" y="{COUNTER_TOP}" width="{x1 - x0}"'
        f' height="{FLOOR - COUNTER_TOP}"'
        ' stroke-width="3" rx="2"/>'
        f'<path class="p" d="M{x0 - 4} {COUNTER_TOP}H{x1 + 4}" stroke-width="5"'
        ' stroke-linecap="round"/>'
    )


def band(*points) -> str:
    d = "M" + "L".join(p(pt) for pt in points)
    return f'<path class="band" d="{d}" stroke-width="3" stroke-linecap="round" fill="none"/>'


def arrow(points, curve: bool = False) -> str:
    """A motion arrow: a thin line with a head at its end."""
    if curve:
        (x0, y0), (cx, cy), (x1, y1) = points
        d = f"M{x0} {y0}Q{cx} {cy} {x1} {y1}"
        tail = (cx, cy)
    else:
        d = "M" + "L".join(p(pt) for pt in points)
        tail = points[-2]
    end = points[-1]
    ang = math.degrees(math.atan2(end[1] - tail[1], end[0] - tail[0]))
    left = step(end, ang + 150, 9)
    right = step(end, ang - 150, 9)
    return (
        f'<path class="a" d="{d}" stroke-width="3" stroke-linecap="round"/>'
        f'<path class="ah" d="M{p(end)}L{p(left)}L{p(right)}Z"/>'
    )


def ring_arrow(centre, r: float, start: float, end: float) -> str:
    """A circling arrow round a joint, from angle start to end (degrees, clockwise)."""
    a0, a1 = math.radians(start), math.radians(end)
    x0, y0 = centre[0] + r * math.cos(a0), centre[1] + r * math.sin(a0)
    x1, y1 = centre[0] + r * math.cos(a1), centre[1] + r * math.sin(a1)
    large = 1 if abs(end - start) > 180 else 0
    sweep = 1 if end > start else 0
    tangent = math.degrees(a1) + (90 if sweep else -90)
    tip = (x1, y1)
    left = step(tip, tangent + 150, 9)
    right = step(tip, tangent - 150, 9)
    return (
        f'<path class="a" d="M{x0:.1f} {y0:.1f}A{r} {r} 0 {large} {sweep} {x1:.1f} {y1:.1f}"'
        ' stroke-width="3" stroke-linecap="round"/>'
        f'<path class="ah" d="M{p(tip)}L{p(left)}L{p(right)}Z"/>'
    )


def ghost_head(centre) -> str:
    return (
        f'<circle class="g" cx="{centre[0]:.1f}" cy="{centre[1]:.1f}" r="{HEAD_R}"'
        ' stroke-width="2" stroke-dasharray="4 4"/>'
    )


def document(title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img">'
        f"<title>{title}</title>{STYLE}"
        f'<rect class="bg" width="{WIDTH}" height="{HEIGHT}" rx="12"/>{body}</svg>\n'
    )


# Poses -----------------------------------------------------------------------------------


def standing(x: float, **changes) -> Side:
    base = {
        "hip": (x, 0),
        "arm_near": Limb(upper=93, lower=90),
        "arm_far": Limb(upper=88, lower=86),
        "leg_near": Limb(upper=91, lower=90, foot=0),
        "leg_far": Limb(upper=89, lower=90, foot=0),
    }
    base.update(changes)
    return grounded(Side(**base))


def seated(x: float, **changes) -> Side:
    """Sitting upright on a chair whose seat is at SEAT, thighs level, feet flat."""
    base = {
        "hip": (x, SEAT - TORSO_W / 2 + 1),
        "arm_near": Limb(upper=95, lower=30),
        "arm_far": Limb(upper=92, lower=28),
        "leg_near": Limb(upper=0, lower=90, foot=0),
        "leg_far": Limb(upper=-2, lower=88, foot=0),
    }
    base.update(changes)
    return Side(**base)


def on_chair(x: float, **changes) -> str:
    figure = seated(x + 12, **changes)
    return chair(x) + figure.svg()


# Exercises -------------------------------------------------------------------------------


def back_extension(lifted: bool) -> str:
    y = FLOOR - 5 - HEAD_R + 2  # the forehead rests on the mat
    hip = (112, y)
    leg = LIFT if lifted else 0
    arm = LIFT if lifted else 0
    figure = Side(
        hip=hip,
        torso=0,
        neck=0,
        face=90,  # facing the mat
        arm_near=Limb(upper=-2, lower=0),  # right arm resting on the mat beyond the head
        arm_far=Limb(upper=-2 - arm, lower=-2 - arm),  # left arm lifted a little
        leg_near=Limb(upper=180 + leg, lower=180 + leg, foot=95 + leg),  # right leg lifted
        leg_far=Limb(upper=180, lower=180, foot=95),
    )
    # the arms lie straight out beyond the head, resting on the mat
    rest = 4
    figure = replace(
        figure,
        arm_near=Limb(upper=rest, lower=rest),
        arm_far=Limb(upper=-arm, lower=-arm) if lifted else Limb(upper=rest - 1, lower=rest - 1),
    )
    body = mat(24, 300) + floor() + figure.svg()
    if lifted:
        knee = step(hip, 180 + leg, THIGH)
        heel = step(knee, 180 + leg, SHIN)
        body += arrow([(heel[0] + 2, heel[1] - 6), (heel[0] + 2, heel[1] - 26)])
        hand = step(step(figure.arm_root(), -arm, UPPER_ARM), -arm, FOREARM)
        body += arrow([(hand[0] - 6, hand[1] - 8), (hand[0] - 6, hand[1] - 28)])
    return body


def seated_row(pulled: bool) -> str:
    hip = (96, FLOOR - 5 - TORSO_W / 2 + 2)
    heel = (hip[0] + THIGH + SHIN + 2, FLOOR - 5 - LIMB_W / 2)
    ball = (heel[0] + 4, heel[1] - FOOT + 1)
    shoulder = step(hip, -90, TORSO)
    hand = (shoulder[0] + 22, shoulder[1] + 42) if pulled else (shoulder[0] + 52, shoulder[1] + 22)
    # both hands hold the band: the far arm is hidden behind the near one
    arms = {"arm_near": Limb(to=hand, bend=-1), "arm_far": Limb(to=hand, bend=-1)}
    figure = Side(
        hip=hip,
        torso=-90,
        face=0,
        leg_near=Limb(upper=0, lower=0, foot=-78),
        leg_far=Limb(upper=-1, lower=-1, foot=-80),
        **arms,
    )
    body = mat(40, 290) + floor()
    body += band(hand, ball)
    body += figure.svg()
    if pulled:
        elbow = reach(figure.arm_root(), hand, UPPER_ARM, FOREARM, -1)
        body += arrow([(elbow[0] + 26, elbow[1] - 30), (elbow[0] + 2, elbow[1] - 30)])
    return body


def standing_back_bend(lean: bool) -> str:
    counter_edge = 88
    x = counter_edge + 34
    torso = -90 - (LEAN_BACK if lean else 0)
    figure = standing(
        x, torso=torso, neck=-90 - (2 if lean else 0), hip=(x + (3 if lean else 0), 0)
    )
    shoulder = figure.arm_root()
    # near hand on the hip (elbow out behind), far hand resting on the counter behind
    near = Limb(to=(figure.hip[0] + 6, figure.hip[1] - 16), bend=1)
    far = Limb(to=(counter_edge + 2, COUNTER_TOP - 4), bend=-1)
    figure = replace(figure, arm_near=near, arm_far=far)
    body = counter(20, counter_edge) + floor() + figure.svg()
    if lean:
        body += arrow([(shoulder[0] - 14, shoulder[1] - 4), (shoulder[0] - 32, shoulder[1])])
    return body


def shoulder_raises(kind: str) -> str:
    x = 110
    shrug = 7 if kind == "raise" else 0
    figure = seated(
        x + 12, shrug=shrug, arm_near=Limb(upper=93, lower=40), arm_far=Limb(upper=90, lower=36)
    )
    body = chair(x) + floor() + figure.svg()
    root = figure.arm_root()
    if kind == "raise":
        body += arrow([(root[0] + 30, root[1] + 8), (root[0] + 30, root[1] - 16)])
    elif kind == "circle":
        # rolling backwards: up, back and down (seen from the right side)
        body += ring_arrow((root[0] - 30, root[1] + 2), 11, 60, -200)
    return body


def knee_lifts(kind: str) -> str:
    if kind == "standing":
        back_x = 190
        figure = standing(back_x - 40)
        figure = replace(
            figure,
            leg_near=Limb(upper=58, lower=100, foot=10),
            arm_near=Limb(to=(back_x - 2, SEAT - 64), bend=1),
            arm_far=Limb(to=(back_x - 4, SEAT - 63), bend=1),
        )
        body = chair(back_x) + floor() + figure.svg()
        knee = step(figure.hip, 58, THIGH)
        body += arrow([(figure.hip[0] - 22, knee[1] + 22), (figure.hip[0] - 22, knee[1])])
        return body
    x = 96
    lifted = kind == "lifted"
    leg = Limb(upper=-22, lower=68, foot=-8) if lifted else Limb(upper=0, lower=90, foot=0)
    figure = seated(x + 12, leg_near=leg)
    body = chair(x) + floor() + figure.svg()
    if lifted:
        knee = step(figure.hip, -22, THIGH)
        body += arrow([(knee[0] + 8, knee[1] + 8), (knee[0] + 8, knee[1] - 16)])
    return body


def ankle_pulls(pulled: bool) -> str:
    x = 70
    foot = -88 if pulled else -42
    hip = seated(x + 12).hip
    heel = (hip[0] + 74, FLOOR - LIMB_W / 2 - 1)
    figure = seated(
        x + 12,
        leg_near=Limb(to=heel, bend=-1, foot=foot),
        leg_far=Limb(upper=-2, lower=88, foot=0),
        arm_near=Limb(upper=96, lower=28),
    )
    body = chair(x) + floor() + figure.svg()
    if pulled:
        body += ring_arrow(heel, FOOT + 12, -30, -82)
    return body


# Balance, legs, posture --------------------------------------------------------------------


def beside_counter(figure: Side) -> tuple[Side, str]:
    """Side-on to a counter that runs along the far side of the body (drawn behind it): the far
    hand rests on its top, the near arm hangs relaxed."""
    x = figure.hip[0]
    figure = replace(
        figure,
        arm_far=Limb(to=(x + 14, COUNTER_TOP - 4), bend=1),
        arm_near=Limb(upper=93, lower=90),
    )
    return figure, counter(x - 70, x + 70)


def tandem_stance(tandem: bool) -> str:
    x = 160
    if tandem:
        # near foot in front, its heel touching the toes of the far foot
        figure = standing(
            x,
            leg_near=Limb(upper=83, lower=88, foot=0),
            leg_far=Limb(upper=99, lower=92, foot=0),
        )
    else:
        figure = standing(x)
    figure, behind = beside_counter(figure)
    return behind + floor() + figure.svg()


def single_leg_stand(lifted: bool) -> str:
    x = 160
    figure = standing(x)
    if lifted:
        figure = replace(figure, leg_far=Limb(upper=96, lower=140, foot=60))
    figure, behind = beside_counter(figure)
    body = behind + floor() + figure.svg()
    if lifted:
        body += arrow([(x - 46, FLOOR - 8), (x - 46, FLOOR - 30)])
    return body


def sit_to_stand(kind: str) -> str:
    x = 90
    if kind == "seated":
        figure = seated(
            x + 8,
            arm_near=Limb(upper=100, lower=-25),
            arm_far=Limb(upper=98, lower=-28),
            leg_near=Limb(upper=2, lower=100, foot=0),
            leg_far=Limb(upper=0, lower=98, foot=0),
        )
        return chair(x) + floor() + figure.svg()
    figure = standing(
        x + 58, arm_near=Limb(upper=100, lower=-25), arm_far=Limb(upper=98, lower=-28)
    )
    return (
        chair(x) + floor() + figure.svg() + arrow([(x + 100, FLOOR - 70), (x + 100, FLOOR - 110)])
    )


def chin_tuck(tucked: bool) -> str:
    x = 100
    shift = -5 if tucked else 0
    figure = seated(x + 12, head_shift=shift)
    body = chair(x) + floor()
    if tucked:
        body += ghost_head(seated(x + 12).head()[0])
    body += figure.svg()
    if tucked:
        head = figure.head()[0]
        body += arrow([(head[0] + 42, head[1] + 2), (head[0] + 20, head[1] + 2)])
    return body


# Standing alternatives to the floor -------------------------------------------------------


def standing_band_row(pulled: bool) -> str:
    post = 282
    x = 132
    figure = standing(
        x, leg_near=Limb(upper=84, lower=90, foot=0), leg_far=Limb(upper=96, lower=90, foot=0)
    )
    shoulder = figure.arm_root()
    anchor = (post - 6, figure.hip[1] - 8)
    hand = (shoulder[0] + 20, shoulder[1] + 44) if pulled else (shoulder[0] + 55, shoulder[1] + 27)
    figure = replace(
        figure,
        arm_near=Limb(to=hand, bend=-1),
        arm_far=Limb(to=(hand[0] - 3, hand[1] - 1), bend=-1),
    )
    body = (
        f'<rect class="pf" x="{post}" y="{FLOOR - 190}" width="16" height="190" stroke-width="3"/>'
        f'<circle class="p" cx="{anchor[0]}" cy="{anchor[1]}" r="5" stroke-width="3"/>'
    )
    body += floor() + band((hand[0] - 3, hand[1] - 1), anchor) + figure.svg() + band(hand, anchor)
    if pulled:
        elbow = reach(shoulder, hand, UPPER_ARM, FOREARM, -1)
        body += arrow([(elbow[0] + 24, elbow[1] - 30), (elbow[0], elbow[1] - 30)])
    return body


def standing_back_extension(lifted: bool) -> str:
    """Standing tall facing a counter, hands on it; then one arm lifted forward and up to a
    comfortable height while the back stays straight (no lean back: the text says so)."""
    counter_x = 212
    x = 178
    figure = standing(x)
    near = (
        Limb(upper=-28, lower=-32) if lifted else Limb(to=(counter_x + 12, COUNTER_TOP - 5), bend=1)
    )
    figure = replace(
        figure, arm_near=near, arm_far=Limb(to=(counter_x + 8, COUNTER_TOP - 5), bend=1)
    )
    body = counter(counter_x, 300) + floor() + figure.svg()
    if lifted:
        hand = step(step(figure.arm_root(), -28, UPPER_ARM), -32, FOREARM)
        body += arrow([(hand[0] + 14, hand[1] + 30), (hand[0] + 14, hand[1] + 6)])
    return body


# Floor guides ------------------------------------------------------------------------------


def half_kneel(chair_x: float) -> Side:
    """One knee down (the far one), the near foot flat in front, back upright, both hands on the
    seat of a sturdy chair in front."""
    knee_y = FLOOR - LIMB_W / 2 - 1
    hip = (chair_x - 92, knee_y - THIGH)
    return Side(
        hip=hip,
        torso=-90,
        leg_far=Limb(upper=90, lower=180, foot=180),  # knee on the floor, shin behind
        leg_near=Limb(to=(hip[0] + THIGH, FLOOR - LIMB_W / 2), bend=-1, foot=0),
        arm_near=Limb(to=(chair_x - 38, SEAT - 6), bend=1),
        arm_far=Limb(to=(chair_x - 42, SEAT - 6), bend=1),
    )


def on_hands_and_knees(x: float) -> Side:
    """Knees under the hips, hands under the shoulders with the arms straight, the back
    straight (it rises a little to the shoulders because the arms are longer than the thighs)."""
    knee = (x, FLOOR - LIMB_W / 2 - 1)
    hip = (x, knee[1] - THIGH)
    arm = UPPER_ARM + FOREARM - 1
    rise = math.degrees(math.asin((arm - THIGH) / TORSO))
    shoulder = step(hip, -rise, TORSO)
    hand = (shoulder[0] + 2, shoulder[1] + arm)
    return Side(
        hip=hip,
        torso=-rise,
        neck=-rise,
        face=90 - rise,
        leg_near=Limb(upper=90, lower=180, foot=180),
        leg_far=Limb(upper=92, lower=180, foot=180),
        arm_near=Limb(to=hand, bend=1),
        arm_far=Limb(to=(hand[0] - 3, hand[1]), bend=1),
    )


def side_lying(x: float) -> Front:
    """Lying on the right side, facing us: the front view turned a quarter, so the person's
    right (the picture's left in a front view) lies on the floor."""
    hip = (x, FLOOR - 5 - 16)
    figure = Front(hip=hip, rotate=-90)
    # the turned frame: a local angle a points at a - 90 in the picture
    top_shoulder = (x + 15, hip[1] - TORSO + 3)
    hand = figure.untwist((figure.turn(top_shoulder)[0] + 14, FLOOR - 5 - LIMB_W / 2))
    return replace(
        figure,
        arm_left=Limb(upper=-88, lower=-90),  # the lower arm along the floor beyond the head
        arm_right=Limb(to=hand, bend=1),  # the top hand on the floor in front of the chest
        leg_left=Limb(upper=90, lower=90),
        leg_right=Limb(upper=91, lower=89),
    )


def lying_on_back(x: float) -> Side:
    y = FLOOR - 5 - TORSO_W / 2
    hip = (x, y)
    return Side(
        hip=hip,
        torso=180,
        neck=180,
        face=-90,
        leg_near=Limb(to=(x + 70, FLOOR - 9), bend=-1, foot=0),
        leg_far=Limb(to=(x + 66, FLOOR - 9), bend=-1, foot=0),
        arm_near=Limb(upper=2, lower=0),
        arm_far=Limb(upper=1, lower=0),
    )


def floor_down(n: int) -> str:
    body = ""
    if n == 1:
        chair_x = 250
        body = chair_front(chair_x) + floor() + half_kneel(chair_x).svg()
    elif n == 2:
        body = chair_front(290) + mat(40, 280) + floor() + on_hands_and_knees(110).svg()
    elif n == 3:
        body = mat(30, 290) + floor()
        f = side_lying(160)
        # arms rest on the floor: place them explicitly
        body += f.svg()
    elif n == 4:
        body = mat(30, 290) + floor() + lying_on_back(160).svg()
    return body


def floor_up(n: int) -> str:
    if n == 1:
        body = mat(30, 290) + floor() + side_lying(160).svg()
    elif n == 2:
        body = chair_front(290) + mat(40, 280) + floor() + on_hands_and_knees(110).svg()
    elif n == 3:
        chair_x = 250
        body = chair_front(chair_x) + floor() + half_kneel(chair_x).svg()
    else:
        chair_x = 250
        figure = standing(chair_x - 92)
        body = chair_front(chair_x) + floor() + figure.svg()
    return body


# The set -----------------------------------------------------------------------------------

PICTURES = {
    "back-extension": [
        (
            lambda: back_extension(False),
            "Start",
            "Lying face down on a mat, legs straight, arms stretched out beyond the head, "
            "forehead facing the mat.",
        ),
        (
            lambda: back_extension(True),
            "Lift",
            "Still lying face down: the right leg and the left arm lifted a few centimetres "
            "off the mat, head facing the mat and in line with the back.",
        ),
    ],
    "seated-row": [
        (
            lambda: seated_row(False),
            "Start",
            "Sitting upright on a mat, legs straight in front, a band looped round the balls "
            "of the feet, arms reaching forward holding the band just taut.",
        ),
        (
            lambda: seated_row(True),
            "Pull",
            "Still sitting upright with a straight back: elbows bent and drawn back, hands "
            "by the lower ribs, the band pulled towards the body.",
        ),
    ],
    "standing-back-bend": [
        (
            lambda: standing_back_bend(False),
            "Start",
            "Standing tall with the back towards a counter, one hand resting on the counter "
            "behind, the other hand on the hip, chin level.",
        ),
        (
            lambda: standing_back_bend(True),
            "Lean back a little",
            "The same position leaning back a small, comfortable amount, one hand still on "
            "the counter, head straight and chin level.",
        ),
    ],
    "shoulder-raises-and-rotations": [
        (
            lambda: shoulder_raises("rest"),
            "Start",
            "Sitting upright on a sturdy chair, feet flat, arms relaxed by the sides.",
        ),
        (
            lambda: shoulder_raises("raise"),
            "Lift the shoulders",
            "Sitting upright, both shoulders lifted gently towards the ears, back straight.",
        ),
        (
            lambda: shoulder_raises("circle"),
            "Roll the shoulders",
            "Sitting upright, the shoulders rolling slowly in small circles; the back stays "
            "upright and the chin level.",
        ),
    ],
    "knee-lifts": [
        (
            lambda: knee_lifts("rest"),
            "Start",
            "Sitting upright towards the front of a sturdy chair, feet flat on the floor.",
        ),
        (
            lambda: knee_lifts("lifted"),
            "Lift one knee",
            "Sitting upright, one knee raised a little, the foot a hand's width off the "
            "floor; the back stays straight.",
        ),
        (
            lambda: knee_lifts("standing"),
            "Or standing",
            "Standing tall holding the top of the back of a sturdy chair with both hands, one "
            "knee raised a little in front.",
        ),
    ],
    "ankle-pulls": [
        (
            lambda: ankle_pulls(False),
            "Start",
            "Sitting upright on a sturdy chair, one leg stretched out in front with the heel "
            "on the floor, the foot relaxed.",
        ),
        (
            lambda: ankle_pulls(True),
            "Pull the toes up",
            "The same position with the toes of the outstretched foot pulled up towards the "
            "body, the foot pointing at the ceiling; the back stays against the chair.",
        ),
    ],
    "tandem-stance": [
        (
            lambda: tandem_stance(False),
            "Start",
            "Standing tall side-on to a counter, the hand nearest it resting on top, feet "
            "together.",
        ),
        (
            lambda: tandem_stance(True),
            "Heel to toe",
            "Standing tall side-on to the counter, one hand on it, one foot straight in front "
            "of the other, the front heel touching the toes of the back foot.",
        ),
    ],
    "single-leg-stand": [
        (
            lambda: single_leg_stand(False),
            "Start",
            "Standing tall side-on to a counter, the hand nearest it resting on top, weight on "
            "both feet.",
        ),
        (
            lambda: single_leg_stand(True),
            "Stand on one leg",
            "Standing tall side-on to the counter, one hand on it, the foot further from it "
            "lifted a little off the floor behind, the knee bent.",
        ),
    ],
    "sit-to-stand": [
        (
            lambda: sit_to_stand("seated"),
            "Start",
            "Sitting upright towards the front of a sturdy chair, feet flat and a little "
            "apart, arms crossed over the chest.",
        ),
        (
            lambda: sit_to_stand("standing"),
            "Stand up",
            "Standing tall in front of the chair, arms still crossed over the chest.",
        ),
    ],
    "chin-tuck": [
        (
            lambda: chin_tuck(False),
            "Start",
            "Sitting upright on a sturdy chair, looking straight ahead, chin level.",
        ),
        (
            lambda: chin_tuck(True),
            "Draw the chin back",
            "Sitting upright, the head drawn straight back a little, chin still level and "
            "not tipped down; a dashed circle shows where the head started.",
        ),
    ],
    "standing-band-row": [
        (
            lambda: standing_band_row(False),
            "Start",
            "Standing tall facing a door frame, a band anchored at waist height, arms "
            "reaching forward holding the band just taut.",
        ),
        (
            lambda: standing_band_row(True),
            "Pull",
            "Still standing tall with a straight back: elbows bent and drawn back, hands by "
            "the waist, the band pulled towards the body.",
        ),
    ],
    "standing-back-extension": [
        (
            lambda: standing_back_extension(False),
            "Start",
            "Standing tall facing a counter, both hands resting on it, feet a little apart.",
        ),
        (
            lambda: standing_back_extension(True),
            "Lift one arm",
            "Still standing tall with the back straight, one hand on the counter and the "
            "other arm lifted forward and up to a comfortable height, chin level.",
        ),
    ],
    "getting-down-to-the-floor": [
        (
            lambda: floor_down(1),
            "One knee down",
            "Holding the seat of a sturdy chair in front, one knee lowered to the floor, the "
            "other foot flat, back straight and upright.",
        ),
        (
            lambda: floor_down(2),
            "Hands and knees",
            "On hands and knees on a mat, back straight and level, head in line, looking at "
            "the floor.",
        ),
        (
            lambda: floor_down(3),
            "Onto your side",
            "Lying on one side on the mat, the head resting on the lower arm, the top hand on "
            "the floor in front of the chest.",
        ),
        (
            lambda: floor_down(4),
            "Roll onto your back",
            "Lying on the back on the mat, knees bent and feet flat, arms by the sides, "
            "after rolling over in one piece.",
        ),
    ],
    "getting-up-from-the-floor": [
        (
            lambda: floor_up(1),
            "Roll onto your side",
            "Lying on one side on the mat after rolling over in one piece, the top hand on the "
            "floor in front of the chest, ready to push up.",
        ),
        (
            lambda: floor_up(2),
            "Hands and knees",
            "Pushed up onto hands and knees, back straight and level, a sturdy chair close in "
            "front.",
        ),
        (
            lambda: floor_up(3),
            "One knee up, holding the chair",
            "Half kneeling with both hands on the seat of the chair, one foot flat in front, "
            "back straight and upright.",
        ),
        (
            lambda: floor_up(4),
            "Stand up",
            "Standing tall in front of the chair, back straight, arms by the sides.",
        ),
    ],
}


def manifest_source(entries: dict[str, list[tuple[str, str, str]]]) -> str:
    lines = [
        '"""The exercise pictures: `PICTURES[slug]` lists (file, label, alt text) in order.',
        "",
        "Drawn by scripts/draw_pictures.py, which writes this file and the SVGs beside it; edit",
        'the script, not the output."""',
        "",
        "PICTURES: dict[str, list[tuple[str, str, str]]] = {",
    ]
    for slug, items in entries.items():
        lines.append(f"    {slug!r}: [")
        for filename, label, alt in items:
            lines.append("        (")
            lines.append(f"            {filename!r},")
            lines.append(f"            {label!r},")
            chunks = textwrap.wrap(alt, 80, drop_whitespace=False)
            lines.append("            (")
            lines += [f"                {chunk!r}" for chunk in chunks]
            lines.append("            ),")
            lines.append("        ),")
        lines.append("    ],")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for slug, items in PICTURES.items():
        entries[slug] = []
        for n, (draw, label, alt) in enumerate(items, start=1):
            filename = f"{slug}-{n}.svg"
            (OUT / filename).write_text(document(alt, draw()))
            entries[slug].append((filename, label, alt))
    (OUT / "__init__.py").write_text(manifest_source(entries))


if __name__ == "__main__":
    main()
