/// Kustomizations for the edges of kustomize's behaviour: scopes, custom kinds and YAML scalars.
extension KustomizeFixtures {
    /// Cluster-scoped objects, a custom resource (merge-patched), a webhook's service, a deleting patch, a
    /// generator with its own namespace and an env file, under an overlay with a namespace and a prefix.
    static let clusterAndCustom: [String: String] = [
        "base/kustomization.yaml": """
            resources:
            - res.yaml
            secretGenerator:
            - name: env-secret
              envs: [s.env]
              namespace: other
            configMapGenerator:
            - name: shared
              literals: [x=1]
            """,
        "base/s.env": """
            A=1
            B=two words
            """,
        "base/res.yaml": """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: cr}
            rules: []
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: crb}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr}
            subjects: [{kind: ServiceAccount, name: sa, namespace: default}]
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: sa}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: c, image: busybox, envFrom: [{secretRef: {name: env-secret}}]}]
            ---
            apiVersion: stable.example.com/v1
            kind: CronTab
            metadata: {name: ct}
            spec: {cronSpec: "* * * * */5", list: [1, 2]}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: vwc}
            webhooks:
            - name: a.example.com
              clientConfig: {service: {name: hook, namespace: default}}
              admissionReviewVersions: [v1]
              sideEffects: None
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: hook}
            spec: {ports: [{port: 443}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: gone}
            spec: {containers: [{name: c, image: x}]}
            """,
        "ov/kustomization.yaml": """
            namePrefix: ov-
            namespace: team
            commonLabels: {tier: t}
            resources:
            - ../base
            - extra.yaml
            patches:
            - patch: |-
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: ct}
                spec: {list: [3], cronSpec: null, extra: true}
            - patch: |-
                $patch: delete
                apiVersion: v1
                kind: Pod
                metadata: {name: gone}
            """,
        "ov/extra.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  containers: [{name: c, image: "nginx:1.0@sha256:abcd", envFrom: [{configMapRef: {name: shared}}]}]
            """,
    ]

    /// Scalars that must be quoted, folded or kept as kustomize writes them (YAML 1.2 booleans in the input).
    static let scalars: [String: String] = [
        "kustomization.yaml": """
            resources: [cm.yaml]
            commonAnnotations:
              multi: "line1\\nline2"
            """,
        "cm.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: scalars
              labels: {}
            data:
              num: "123"
              float: "1.0"
              bool: "true"
              nullish: "null"
              tilde: "~"
              colon: "a: b"
              hash: "a #b"
              lead: " leading"
              trail: "trailing "
              multi: |
                first
                second
              multitrail: "x\\ny  \\n"
              unicode: "héllo ☃"
              long: "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj"
              star: "*x"
              amp: "&a"
              dash: "- x"
              q: "'quoted'"
              dq: 'say "hi"'
              empty: ""
              octal: "0755"
              hex: "0x1F"
              yes: "yes"
              off: "Off"
              at: "@x"
              tab: "a\\tb"
              date: "2001-12-14"
              inf: ".inf"
            binaryData: {}
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata: {name: t}
            spec:
              int: 42
              float: 1.50
              exp: 1e3
              nul: null
              empty: []
              emptyObj: {}
              nested: [[1, 2], {a: [x]}]
              bool: yes
              str: on
            """,
    ]

    /// A namespace that moves a ServiceAccount and a Service: the subjects and webhook references that named
    /// them (without a namespace, or in `default`) follow; one in another namespace does not.
    static let namespaceMoves: [String: String] = [
        "kustomization.yaml": """
            namespace: prod
            resources: [r.yaml]
            """,
        "r.yaml": """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: sa}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: crb}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects:
            - {kind: ServiceAccount, name: sa}
            - {kind: ServiceAccount, name: sa, namespace: default}
            - {kind: ServiceAccount, name: sa, namespace: elsewhere}
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: MutatingWebhookConfiguration
            metadata: {name: m}
            webhooks:
            - name: a.example.com
              clientConfig: {service: {name: svc}}
              admissionReviewVersions: [v1]
              sideEffects: None
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: svc}
            """,
    ]

    /// `sortOptions`: the top kustomization's `fifo` order (a base's own sortOptions are ignored).
    static let fifoOrder: [String: String] = [
        "kustomization.yaml": "sortOptions:\n  order: fifo\nresources: [b, x.yaml]\n",
        "x.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        "b/kustomization.yaml": "sortOptions:\n  order: legacy\nresources: [r.yaml]\nconfigMapGenerator:\n- name: c\n  literals: [a=b]\n",
        "b/r.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: z}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
    ]

    /// `sortOptions`: the legacy order with its own first and last kinds.
    static let customLegacyOrder: [String: String] = fifoOrder.merging([
        "kustomization.yaml": "sortOptions:\n  order: legacy\n  legacySortOptions:\n    orderFirst: [Service]\n    orderLast: [Namespace]\nresources: [b, x.yaml]\n",
    ]) { _, new in new }

    /// A component: its resources, a generator merging into the parent's, its prefix and patch over everything
    /// the parent has, then the parent's namespace.
    static let component: [String: String] = [
        "kustomization.yaml": """
            namespace: ns
            resources: [base]
            components: [comp]
            configMapGenerator:
            - name: cfg
              literals: [a=1]
            """,
        "base/kustomization.yaml": """
            resources: [d.yaml]
            """,
        "base/d.yaml": """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers: [{name: c, image: x, envFrom: [{configMapRef: {name: cfg}}]}]
            """,
        "comp/kustomization.yaml": """
            apiVersion: kustomize.config.k8s.io/v1alpha1
            kind: Component
            resources: [extra.yaml]
            namePrefix: c-
            configMapGenerator:
            - name: cfg
              behavior: merge
              literals: [fromComponent=yes]
            patches:
            - target: {kind: Deployment}
              patch: |-
                - {op: add, path: /spec/replicas, value: 3}
            """,
        "comp/extra.yaml": """
            apiVersion: v1
            kind: Service
            metadata: {name: extra}
            """,
    ]

    /// `replacements`: whole values and delimited parts, list items by index and by key, `reject`, `create`,
    /// and replacements read from a file.
    static let replacements: [String: String] = [
        "kustomization.yaml": """
            resources: [r.yaml]
            replacements:
            - source: {kind: ConfigMap, name: src, fieldPath: data.image}
              targets:
              - select: {kind: Deployment}
                fieldPaths:
                - spec.template.spec.containers.[name=web].image
                - spec.template.spec.containers.0.args.1
            - source: {kind: ConfigMap, name: src, fieldPath: data.host, options: {delimiter: ".", index: 0}}
              targets:
              - select: {kind: Deployment}
                reject: [{name: other}]
                fieldPaths:
                - spec.template.spec.containers.[name=web].env.[name=HOST].value
                options: {delimiter: "-", index: 1}
              - select: {name: src}
                fieldPaths:
                - metadata.labels.new
                options: {create: true}
            - path: more-replacements.yaml
            """,
        "r.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: src}
            data: {image: "nginx:9", host: "db.example.com"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: old
                    args: [a, b]
                    env: [{name: HOST, value: "x-y-z"}]
            """,
        "more-replacements.yaml": """
            source: {kind: ConfigMap, name: src, fieldPath: data.image}
            targets:
            - select: {kind: Deployment}
              fieldPaths:
              - spec.template.spec.containers.[name=web].image
            """,
    ]

    /// `labels` with `fields` of their own: created where `create` is set, skipped where the field is missing.
    static let labelFields: [String: String] = [
        "kustomization.yaml": """
            resources: [r.yaml]
            labels:
            - pairs: {x: "1"}
              fields:
              - path: spec/template/metadata/labels
                kind: Deployment
                create: true
              - path: data/extra
                kind: ConfigMap
            - pairs: {yy: "2"}
              includeTemplates: true
              fields:
              - path: metadata/annotations
                create: true
            """,
        "r.yaml": """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: src}
            data: {image: "nginx:9", host: "db.example.com"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: old
                    args: [a, b]
                    env: [{name: HOST, value: "x-y-z"}]
            """,
    ]
}
